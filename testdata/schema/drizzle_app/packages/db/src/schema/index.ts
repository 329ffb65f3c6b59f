export * from "./teams";
export * from "./users";
