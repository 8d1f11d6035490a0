import { afterAll } from 'vitest';
import { DataDir } from '../../../src/sources/data-dir.js';
import { csvSource } from '../../../src/sources/csv/source.js';
import { pumpCsv, tempDir } from '../../helpers/temp.js';
import { describeConformance } from '../conformance.js';

const dir = await tempDir('rtg-conformance-');
afterAll(() => dir.remove());

describeConformance({
  plugin: csvSource,
  fields: ['timestamp', 'sensor_04'],
  async rowsConfig() {
    await dir.write('data/pump.csv', pumpCsv(1000));
    return { file: 'pump.csv', rate: 100 }; // 10 s of rows
  },
  failingConfig: async () => {
    const file = await dir.write('data/vanishing.csv', pumpCsv(3));
    const { rm } = await import('node:fs/promises');
    await rm(file);
    return { file: 'vanishing.csv', rate: 'unlimited' };
  },
  dataDir: () => DataDir.open(dir.path('data')),
});
