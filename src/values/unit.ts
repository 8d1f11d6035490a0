import { z } from 'zod';

/** The `unit` of a column or of a stage's outputs (config): shown on its axis title, its hover and its tile. */
export const unit = z
  .string()
  .min(1)
  .max(40)
  .optional()
  .describe('unit of the values (A, bar, °C…), shown on the axis title, the hover and tiles');
