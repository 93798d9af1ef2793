import type { NextRequest } from 'next/server';
import { proxyToCoreApi } from '../../../../../src/session/core-api-proxy';

type Context = { params: Promise<{ path: string[] }> };

async function handle(request: NextRequest, context: Context): Promise<Response> {
  const { path } = await context.params;
  return proxyToCoreApi(request, path.map(encodeURIComponent).join('/'));
}

export const GET = handle;
export const POST = handle;
export const PUT = handle;
export const PATCH = handle;
export const DELETE = handle;
