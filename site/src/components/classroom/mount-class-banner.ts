/** Renders the class bar into its slot; its component is loaded only now (see ClassBannerSlot.astro). */
export async function mountClassBanner(slot: HTMLElement): Promise<void> {
  const [{ h, render }, { default: ClassBanner }] = await Promise.all([import('preact'), import('./ClassBanner.tsx')])
  render(h(ClassBanner, { lessonId: slot.dataset.lessonId }), slot)
}
