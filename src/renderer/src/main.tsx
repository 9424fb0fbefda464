// Every antd component's rules, read by `zeroRuntime` (app/App.tsx); parsed alongside the scripts.
import 'antd/dist/antd.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { hasAccessToken } from './api/workbench-api'
import { App } from './app/App'
import { completeStartAddress } from './app/scope/use-route-defaults'

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
if (hasAccessToken) completeStartAddress()
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>
)
