/** Test environment for the web app's env module (set before any module reads it). */
import { randomBytes } from 'node:crypto';
import { generateKeySpec } from '@konnect/db';

process.env.NEXTAUTH_SECRET ||= randomBytes(32).toString('hex');
process.env.KONNECT_ENCRYPTION_KEY ||= generateKeySpec('test');
process.env.NEXTAUTH_URL = 'http://localhost:3000';
if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL is not set: the global setup did not run');
