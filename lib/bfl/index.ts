export * from "./common";
export * from "./dataset";
export * from "./errors";
export * from "./finetune";
export * from "./inference";
export * from "./pricing";
export * from "./regions";
export * from "./results";
