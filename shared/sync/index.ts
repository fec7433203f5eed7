export * from './merge';
export * from './apply';
export * from './key-column';
export { sameContent, differingFields, BOOKKEEPING_FIELDS, EXCHANGED_VERSION, GEOMETRY_FIELD } from './content';
