import type { Page } from 'playwright-core';

/**
 * True when the first canvas matching `selector` has something drawn on it (kept out of
 * tests/helpers, which is compiled without the DOM types).
 */
export async function hasDrawing(page: Page, selector: string): Promise<boolean> {
  return page
    .locator(selector)
    .first()
    .evaluate((canvas: HTMLCanvasElement) => {
      const context = canvas.getContext('2d');
      if (!context || canvas.width === 0 || canvas.height === 0) return false;
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
      return false;
    });
}
