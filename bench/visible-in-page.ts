/**
 * Page expressions for `page.evaluate`: a promise that resolves true once what a user would see is
 * on screen, checked on every animation frame (false after `timeoutMs`). A locator's `waitFor`
 * checks at 0, 20, 50, 100, 100 ms and then only every 500 ms, so a time taken with it is late by
 * up to half a second, in steps; the web section times its start-up with these instead.
 * Strings, not functions: tsx compiles functions with a `__name` helper the page does not have,
 * and `page.waitForFunction` evaluates its predicate with `eval`, which the app's CSP forbids.
 */

/** The visibility test Playwright applies (`checkVisibility`, a non-empty box, `visibility`). */
const IS_VISIBLE = `(element) => {
  if (!element || !element.checkVisibility()) return false
  const box = element.getBoundingClientRect()
  return box.width > 0 && box.height > 0 && getComputedStyle(element).visibility === 'visible'
}`

function untilVisible(test: string, timeoutMs: number): string {
  return `new Promise((resolve) => {
  const isVisible = ${IS_VISIBLE}
  const test = ${test}
  const deadline = performance.now() + ${timeoutMs}
  const check = () => {
    if (test(isVisible)) resolve(true)
    else if (performance.now() > deadline) resolve(false)
    else requestAnimationFrame(check)
  }
  check()
})`
}

/** Once a text node holding `text` (any case, spaces folded) is in a visible element. */
export function textVisibleExpression(text: string, timeoutMs: number): string {
  return untilVisible(
    `(isVisible) => {
  const wanted = ${JSON.stringify(text.toLowerCase())}
  const walker = document.createTreeWalker(document.body ?? document, NodeFilter.SHOW_TEXT)
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const data = node.data.replace(/\\s+/g, ' ').toLowerCase()
    if (data.includes(wanted) && isVisible(node.parentElement)) return true
  }
  return false
}`,
    timeoutMs
  )
}

/** Once an element that `selector` finds is visible. */
export function elementVisibleExpression(selector: string, timeoutMs: number): string {
  return untilVisible(
    `(isVisible) => Array.from(document.querySelectorAll(${JSON.stringify(selector)})).some(isVisible)`,
    timeoutMs
  )
}
