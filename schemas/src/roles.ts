import { z } from 'zod';

/**
 * The roles of the product (seed 001 names Owner, Supervisor and Bot Builder; the viewer adds
 * Admin and Agent). Apart from access.ts so that settings (control.ts) can name roles too.
 */
export const ROLES = ['Owner', 'Admin', 'Supervisor', 'Bot Builder', 'Agent'] as const;
export const role = z.enum(ROLES);
export type Role = z.infer<typeof role>;
