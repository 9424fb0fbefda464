import { theme } from 'antd'

/** Chart colours and text from antd's tokens, so charts follow the light or dark theme. */
export function useChartTheme() {
  const { token } = theme.useToken()
  return {
    // antd's preset palettes, which its dark algorithm brightens for dark backgrounds.
    series: [
      token['blue-6'],
      token['green-6'],
      token['gold-6'],
      token['magenta-6'],
      token['purple-6'],
      token['cyan-6']
    ],
    grid: token.colorBorderSecondary,
    axis: token.colorTextTertiary,
    text: token.colorText,
    tooltipBackground: token.colorBgElevated,
    tooltipBorder: token.colorBorder,
    fontSize: token.fontSizeSM,
    fontFamily: token.fontFamily
  }
}

export type ChartTheme = ReturnType<typeof useChartTheme>
