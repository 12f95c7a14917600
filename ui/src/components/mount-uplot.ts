import uPlot from 'uplot';

/**
 * Draws a uPlot chart into `element`, hidden from screen readers (every chart here has a text
 * summary and a data table beside it), following the element's width as the layout changes.
 * Returns what removes it.
 */
export function mountUplot(
  element: HTMLElement,
  options: uPlot.Options,
  data: uPlot.AlignedData,
  height: number,
): () => void {
  const chart = new uPlot(options, data, element);
  chart.root.setAttribute('aria-hidden', 'true');
  const observer = new ResizeObserver(() => {
    const width = Math.max(element.clientWidth, 200);
    if (width !== chart.width) chart.setSize({ width, height });
  });
  observer.observe(element);
  return () => {
    observer.disconnect();
    chart.destroy();
  };
}
