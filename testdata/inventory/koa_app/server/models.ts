export const Event = { create: async (_: object) => undefined };
