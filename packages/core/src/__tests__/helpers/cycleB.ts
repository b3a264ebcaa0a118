// The other half of the deliberate import cycle in cycleA.ts.
import { a } from './cycleA.js';

export const b = () => a;
