// Module resolve hook registered by hide-clickhouse-client.mjs.
export async function resolve(specifier, context, next) {
  if (specifier === '@clickhouse/client' || specifier.startsWith('@clickhouse/client/')) {
    const err = new Error(`Cannot find package '${specifier}' (hidden by the test)`);
    err.code = 'ERR_MODULE_NOT_FOUND';
    throw err;
  }
  return next(specifier, context);
}
