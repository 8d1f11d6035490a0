/**
 * Plotly puts its CSS (mode bar, hover labels, drag cursors) into <style> elements in
 * document.head, which do not reach into a shadow root: there the mode bar renders as a stack of
 * unstyled buttons. This copies those rules into constructed stylesheets adopted by the shadow
 * root, next to the element's own styles, and refreshes them when Plotly adds rules. (Plotly's
 * rules in the head only match its own class names, so they do not restyle the host page.)
 */
export class PlotlyStyleMirror {
  private static readonly byRoot = new WeakMap<ShadowRoot, PlotlyStyleMirror>();

  /** The mirror of a shadow root (one per root, however many charts it has had). */
  static for(root: ShadowRoot): PlotlyStyleMirror {
    let mirror = PlotlyStyleMirror.byRoot.get(root);
    if (!mirror) {
      mirror = new PlotlyStyleMirror(root);
      PlotlyStyleMirror.byRoot.set(root, mirror);
    }
    return mirror;
  }

  private base: CSSStyleSheet[] | undefined;
  private ruleCount = -1;
  private mirrored: CSSStyleSheet[] = [];

  private constructor(private readonly root: ShadowRoot) {}

  /** Cheap when nothing changed (it runs after every redraw): only counts the rules. */
  sync(): void {
    const styles = [...document.head.querySelectorAll<HTMLStyleElement>('style[id^="plotly.js-style"]')];
    let count = 0;
    for (const style of styles) count += style.sheet?.cssRules.length ?? 0;
    if (count === this.ruleCount) return;
    this.ruleCount = count;
    const own = this.root.adoptedStyleSheets.filter((sheet) => !this.mirrored.includes(sheet));
    this.base ??= own;
    this.mirrored = styles.map((style) => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync([...(style.sheet?.cssRules ?? [])].map((rule) => rule.cssText).join('\n'));
      return sheet;
    });
    this.root.adoptedStyleSheets = [...this.base, ...this.mirrored];
  }
}
