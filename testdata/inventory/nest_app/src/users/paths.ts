export const EXPORT_PATH = 'export';
