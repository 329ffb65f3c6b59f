export const heavy = 42;
