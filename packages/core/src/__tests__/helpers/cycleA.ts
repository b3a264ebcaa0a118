// Half of a deliberate import cycle, for imports.test.ts to find.
import { b } from './cycleB.js';

export const a = () => b;
