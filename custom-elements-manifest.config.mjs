// The Custom Elements Manifest of <realtime-graph> (dist/custom-elements.json), made by scripts/build.mjs.
// package.json names it already (`customElements`): the build never writes package.json.
export default {
  globs: ['src/ui/realtime-graph.ts', 'src/ui/realtime-graph-properties.ts', 'src/ui/rg-series.ts'],
  outdir: 'dist',
  litelement: true,
  packagejson: false,
};
