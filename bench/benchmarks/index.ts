import { anomalyScore } from './anomaly-score.js';
import type { Benchmark } from './benchmark.js';
import { browserDashboard } from './browser-dashboard.js';
import { browserHistory } from './browser-history.js';
import { browserRendering } from './browser-rendering.js';
import { dashboardHistory } from './dashboard-history.js';
import { derivedSignals } from './derived-signals.js';
import { fanOut } from './fan-out.js';
import { highRate } from './high-rate.js';
import { historyQuery } from './history-query.js';
import { kafkaBenchmark } from './kafka.js';
import { kafkaRestartBenchmark } from './kafka-restart.js';
import { memoryPerViewer } from './memory-per-viewer.js';
import { mqttBenchmark } from './mqtt.js';
import { pipelineThroughput } from './pipeline-throughput.js';
import { runPredict } from './run-predict.js';
import { seekBenchmark } from './seek.js';
import { startupFootprint } from './startup-footprint.js';
import { storeBenchmarks } from './store.js';

/** Every benchmark, in the order the suite runs them. */
export const allBenchmarks: Benchmark[] = [
  pipelineThroughput,
  derivedSignals,
  anomalyScore,
  browserRendering,
  startupFootprint,
  fanOut,
  runPredict,
  memoryPerViewer,
  highRate,
  seekBenchmark,
  historyQuery,
  browserHistory,
  browserDashboard,
  dashboardHistory,
  kafkaBenchmark,
  kafkaRestartBenchmark,
  mqttBenchmark,
  ...storeBenchmarks,
];
