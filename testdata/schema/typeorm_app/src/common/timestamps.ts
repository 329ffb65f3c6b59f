// Imports nothing from typeorm; the reader follows the import to it.
export abstract class Timestamps {
  touch(): void {}
}
