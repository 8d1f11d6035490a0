// The Custom Elements Manifest of <realtime-graph> (and its Backtest view), <realtime-dashboard> and the tiles (dist/custom-elements.json), made by scripts/build.mjs.
// package.json names it already (`customElements`): the build never writes package.json.
export default {
  globs: [
    'src/ui/realtime-graph.ts',
    'src/ui/realtime-graph-properties.ts',
    'src/ui/rg-series.ts',
    'src/ui/backtest/backtest-lanes.ts',
    'src/ui/dashboard/realtime-dashboard.ts',
    'src/ui/dashboard/value-tile.ts',
    'src/ui/dashboard/state-tile.ts',
    'src/ui/dashboard/tile-properties.ts',
  ],
  outdir: 'dist',
  litelement: true,
  packagejson: false,
};
