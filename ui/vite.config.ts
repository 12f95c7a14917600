import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import type { AtRule, ChildNode, Plugin as PostcssPlugin } from 'postcss';
import { defineConfig } from 'vite';

// The API (and socket.io) run in the Node process on :3000; in development Vite serves the UI
// and forwards these paths so the browser sees one origin and the session cookie just works.
const apiOrigin = 'http://127.0.0.1:3000';

/** The class on every Form.io root (forms, builder, its dialogs): see ui/src/forms/formio-runtime.ts. */
const formioScope = '.percorsi-formio';

/** Stylesheets that come with Form.io: Bootstrap 5 and Form.io's own (widgets, builder, icons). */
const formioStylesheet = /node_modules\/(bootstrap\/dist\/css|@formio\/js\/dist)\/[^/]+\.css$/;

/**
 * What Form.io puts outside its roots keeps its rules as they are (the names are Form.io's
 * own): tooltips (tippy), the drag-and-drop mirror and body classes (dragula's `.gu-*`), and
 * the body class of an open dialog.
 */
const unscoped = /tippy|\.gu-|^(html|body)\.formio-/;

function scopeSelector(selector: string): string {
  if (unscoped.test(selector)) return selector;
  const root = /^(:root|html|body)(?![\w-])/.exec(selector);
  if (root) return `${formioScope}${selector.slice(root[0].length)}`;
  return `${formioScope} ${selector}`;
}

/**
 * Bootstrap styles bare elements (body, h1, a, label…) and classes the app uses too (.card,
 * .alert, .badge, .table). This PostCSS step confines Form.io's stylesheets to the Form.io
 * roots (`.percorsi-formio …`, with `:root`/`body` rules on the root itself) and puts them in
 * the `formio` cascade layer, so the app's own unlayered styles always win over them.
 */
function scopeFormioCss(): PostcssPlugin {
  return {
    postcssPlugin: 'percorsi-scope-formio-css',
    Once(root, { AtRule: AtRuleNode }) {
      const file = (root.source?.input.file ?? '').replaceAll('\\', '/');
      if (!formioStylesheet.test(file)) return;
      root.walkRules((rule) => {
        const parent = rule.parent;
        if (parent?.type === 'atrule' && /keyframes$/i.test((parent as AtRule).name)) return;
        rule.selectors = rule.selectors.map((selector) => scopeSelector(selector.trim()));
      });
      const layer = new AtRuleNode({ name: 'layer', params: 'formio' });
      const moved: ChildNode[] = [];
      root.each((node) => {
        if (node.type === 'atrule' && ['charset', 'import'].includes(node.name)) return;
        moved.push(node);
      });
      for (const node of moved) layer.append(node.remove());
      root.append(layer);
    },
  };
}

// Vite loads its config through a default export: the one exception to named exports.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  css: {
    postcss: { plugins: [scopeFormioCss()] },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    port: 5173,
    strictPort: false,
    proxy: {
      '/api': { target: apiOrigin, changeOrigin: false },
      '/socket.io': { target: apiOrigin, ws: true, changeOrigin: false },
    },
  },
});
