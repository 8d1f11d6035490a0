import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Tests that measure timing or memory run in their own files; two at a time fits a 2-core machine.
    maxWorkers: 2,
    reporters: process.env.CI ? ['verbose'] : ['default'],
    // Kafka consumer threads run worker.ts from the sources (the daemon runs the built script).
    setupFiles: ['test/helpers/kafka-consumer-thread.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'core', include: ['test/**/*.test.ts'], exclude: ['test/kafka/**', 'test/hostile/kafka-*.test.ts', 'test/mqtt/**'] },
      },
      {
        // Kafka tests share one real broker, found (or started) once by the global setup.
        extends: true,
        // One file at a time: the restart test stops and starts the shared broker.
        test: {
          name: 'kafka',
          include: ['test/kafka/**/*.test.ts', 'test/hostile/kafka-*.test.ts'],
          globalSetup: ['test/kafka/global-setup.ts'],
          fileParallelism: false,
        },
      },
      {
        // MQTT tests share one Mosquitto, started by the global setup; one file at a time, since
        // the restart test stops and starts it.
        extends: true,
        test: { name: 'mqtt', include: ['test/mqtt/**/*.test.ts'], globalSetup: ['test/mqtt/global-setup.ts'], fileParallelism: false },
      },
    ],
  },
});
