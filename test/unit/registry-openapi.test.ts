import { describe, expect, it } from 'vitest';
import { openApiDocument } from '@/lib/api/openapi/document';

describe('registry operations in the OpenAPI document', () => {
  it('lists every registry route with its methods', () => {
    const paths = openApiDocument().paths;
    const methods = Object.fromEntries(
      Object.entries(paths)
        .filter(([path]) => path.startsWith('/api/v1/services'))
        .map(([path, ops]) => [path, Object.keys(ops).sort()]),
    );
    expect(methods).toEqual({
      '/api/v1/services': ['get'],
      '/api/v1/services/{name}': ['get'],
      '/api/v1/services/{name}/pick': ['get'],
      '/api/v1/services/{name}/timeline': ['get'],
      '/api/v1/services/{name}/instances/{id}': ['delete', 'patch'],
    });
  });
});
