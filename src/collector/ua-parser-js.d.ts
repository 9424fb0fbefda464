// ua-parser-js 1.0.x ships no types (its 2.x, which does, is AGPL): the part the collector uses.
declare module 'ua-parser-js' {
  interface UAParserResultPart {
    name?: string
    version?: string
  }
  class UAParser {
    constructor(userAgent?: string)
    getBrowser(): UAParserResultPart
    getOS(): UAParserResultPart
  }
  export default UAParser
}
