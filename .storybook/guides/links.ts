/**
 * The guides in docs/*.md shown as Storybook docs pages (.storybook/guides/*.mdx): one source for
 * both. Links between guides point at their Storybook pages here.
 */
const PAGES: Record<string, string> = {
  'html.md': 'guides-plain-html--docs',
  'react.md': 'guides-react--docs',
  'vue.md': 'guides-vue--docs',
  'angular.md': 'guides-angular--docs',
  'svelte.md': 'guides-svelte--docs',
  'theming.md': 'guides-theming--docs',
  'localization.md': 'guides-localization--docs',
};

/** A guide's markdown with links to other guides turned into Storybook links. */
export function guide(markdown: string): string {
  return markdown.replace(/\]\(([\w-]+\.md)\)/g, (m, file: string) => (PAGES[file] ? `](?path=/docs/${PAGES[file]})` : m));
}
