import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * A popup menu's open state and keyboard behaviour (the WAI-ARIA menu button pattern): opening
 * focuses the first item; arrow keys, Home and End move between the items; Escape closes and
 * returns focus to the button; a pointer press outside the menu, or focus leaving it, closes it.
 *
 * `container` finds the element holding both the menu button and the menu; the items are its
 * descendants that match `options.items` (default `[role=menuitem]`), and the button is its
 * `[aria-haspopup]` one. A popup of form controls (a search box, checkboxes) passes `tabCloses:
 * false`, so that Tab moves between them (focus leaving the popup still closes it), and its text
 * box keeps Home and End.
 */
export class MenuController implements ReactiveController {
  open = false;
  private readonly items: () => HTMLElement[];
  private readonly tabCloses: boolean;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly container: () => HTMLElement | null,
    options: { items?: string; tabCloses?: boolean } = {},
  ) {
    host.addController(this);
    const selector = options.items ?? '[role=menuitem]';
    this.items = () => [...(this.container()?.querySelectorAll<HTMLElement>(selector) ?? [])];
    this.tabCloses = options.tabCloses ?? true;
  }

  toggle(): void {
    if (this.open) this.close();
    else this.show();
  }

  show(): void {
    if (this.open) return;
    this.open = true;
    // Capture phase: Plotly's drag layer stops the propagation of presses on the chart.
    document.addEventListener('pointerdown', this.onPointerDown, true);
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => this.items()[0]?.focus());
  }

  /** Closes the menu; with `refocus`, the focus goes back to the menu button. */
  close(refocus = false): void {
    if (!this.open) return;
    this.open = false;
    document.removeEventListener('pointerdown', this.onPointerDown, true);
    this.host.requestUpdate();
    if (refocus) this.container()?.querySelector<HTMLElement>('[aria-haspopup]')?.focus();
  }

  hostDisconnected(): void {
    this.close();
  }

  /** For the container's `keydown`. */
  readonly onKeydown = (event: KeyboardEvent): void => {
    if (!this.open) return;
    const items = this.items();
    const root = this.container()?.getRootNode() as Document | ShadowRoot | undefined;
    const index = items.indexOf(root?.activeElement as HTMLElement);
    const move = (to: number) => {
      if ((event.key === 'Home' || event.key === 'End') && isTextBox(event.target)) return;
      event.preventDefault();
      items[(to + items.length) % items.length]?.focus();
    };
    switch (event.key) {
      case 'Escape':
        event.preventDefault();
        this.close(true);
        return;
      case 'ArrowDown':
        move(index + 1);
        return;
      case 'ArrowUp':
        move(index < 0 ? -1 : index - 1);
        return;
      case 'Home':
        move(0);
        return;
      case 'End':
        move(-1);
        return;
      case 'Tab':
        if (this.tabCloses) this.close();
        return;
      default:
        return;
    }
  };

  /** For the container's `focusout`: focus moved somewhere outside the menu. */
  readonly onFocusOut = (event: FocusEvent): void => {
    const to = event.relatedTarget as Node | null;
    if (to && this.container()?.contains(to)) return;
    // A press on a non-focusable part of the page also blurs; the pointerdown handler covers it.
    if (to) this.close();
  };

  private readonly onPointerDown = (event: PointerEvent): void => {
    const container = this.container();
    if (container && !event.composedPath().includes(container)) this.close();
  };
}

/** A box the user types text in, where Home and End move the caret. */
function isTextBox(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button'].includes(target.type);
}
