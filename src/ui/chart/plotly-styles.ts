/**
 * Plotly puts its CSS (mode bar, hover labels, drag cursors) into <style> elements in
 * document.head, which do not reach into a shadow root: there the mode bar renders as a stack of
 * unstyled buttons. This copies those rules into constructed stylesheets adopted by the shadow
 * root, next to the element's own styles, and refreshes them when Plotly adds rules.
 */
export class PlotlyStyleMirror {
  private base: CSSStyleSheet[] | undefined;
  private ruleCount = -1;

  constructor(private readonly root: ShadowRoot) {}

  sync(): void {
    const styles = [...document.head.querySelectorAll<HTMLStyleElement>('style[id^="plotly.js-style"]')];
    const rules = styles.map((style) => [...(style.sheet?.cssRules ?? [])].map((rule) => rule.cssText));
    const count = rules.reduce((n, list) => n + list.length, 0);
    if (count === this.ruleCount) return;
    this.ruleCount = count;
    this.base ??= [...this.root.adoptedStyleSheets];
    const mirrored = rules.map((list) => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(list.join('\n'));
      return sheet;
    });
    this.root.adoptedStyleSheets = [...this.base, ...mirrored];
  }
}
