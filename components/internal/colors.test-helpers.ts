/** Colour helpers of the element tests (contrast and token checks). Test-only. */

/** A computed colour (`rgb(r, g, b)` or `color(srgb r g b)` from color-mix) → `#rrggbb`. */
export function hex(css: string): string {
  const nums = css.match(/\d*\.?\d+/g)!.map(Number);
  const srgb = css.startsWith('color(');
  return (
    '#' +
    nums
      .slice(0, 3)
      .map((v) =>
        Math.round(srgb ? v * 255 : v)
          .toString(16)
          .padStart(2, '0'),
      )
      .join('')
  );
}
