import type { Principal } from './principal';

declare global {
  namespace Express {
    interface Request {
      id: string;
      principal?: Principal;
    }
  }
}
export {};
