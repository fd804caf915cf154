// Bundled in place of pg's optional native binding (pg-native): corroborate uses pg's JavaScript client, and a
// bundle must require nothing but Node's own modules. pg asks for the binding only when `pg.native` is read,
// and treats MODULE_NOT_FOUND as "not installed".
const e = new Error("Cannot find module 'pg-native' (not bundled: corroborate uses pg's JavaScript client)");
e.code = 'MODULE_NOT_FOUND';
throw e;
