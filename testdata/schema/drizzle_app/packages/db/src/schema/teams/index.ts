export * from "./team";
