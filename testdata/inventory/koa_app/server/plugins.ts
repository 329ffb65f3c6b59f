export const PluginManager = { hooks: () => [] as { value: { routes(): unknown } }[] };
