import { readFile } from 'node:fs/promises'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import express from 'express'
import { projectRoot } from '../main/app-paths'
import { trackerScript } from '../collector/tracker-script-route'
import { demoShopPage, fillTemplate } from './demo-shop-pages'

export const DEMO_SHOP_FOLDER = join(projectRoot(), 'resources', 'demo-shop')
export const DEMO_SITE_KEY = 'demo-shop'

export interface RunningDemoShop {
  url: string
  origin: string
  stop: () => Promise<void>
}

/**
 * Serves the demo shop's pages with the tracker's tag pointing at `collectorUrl()` (read per
 * request, so the collector may be started after the shop, once its origin is known).
 */
export async function serveDemoShop(options: {
  host: string
  port: number
  collectorUrl: () => string
  siteKey?: string
}): Promise<RunningDemoShop> {
  const template = await readFile(join(DEMO_SHOP_FOLDER, 'page.html'), 'utf8')
  const app = express()
  app.disable('x-powered-by')
  app.get('/journey-tracker.js', trackerScript())
  app.get(['/shop.js', '/shop.css'], (request, response) => {
    response.sendFile(join(DEMO_SHOP_FOLDER, request.path.slice(1)))
  })
  app.get('/favicon.ico', (_request, response) => {
    response.status(204).end()
  })
  app.use((request, response) => {
    const found = request.method === 'GET' ? demoShopPage(request.path) : null
    const { page, title } = found ?? { page: 'home' as const, title: 'Not found' }
    response
      .status(found ? 200 : 404)
      .type('html')
      .send(
        fillTemplate(template, {
          PAGE: page,
          TITLE: title,
          SITE_KEY: options.siteKey ?? DEMO_SITE_KEY,
          COLLECTOR_URL: options.collectorUrl()
        })
      )
  })
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(options.port, options.host, (error?: Error) => {
      if (error) reject(error)
      else resolve(listening)
    })
  })
  const { port } = server.address() as AddressInfo
  const origin = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`
  return {
    url: `${origin}/`,
    origin,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve()
        })
        server.closeAllConnections()
      })
  }
}
