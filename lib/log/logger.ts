// Structured server logs (JSON lines on stdout); LOG_LEVEL picks the threshold.
import pino from 'pino';

const holder = globalThis as typeof globalThis & { __consoleLogger?: pino.Logger };

holder.__consoleLogger ??= pino({ level: process.env.LOG_LEVEL ?? 'info', base: undefined });

export const logger: pino.Logger = holder.__consoleLogger;
