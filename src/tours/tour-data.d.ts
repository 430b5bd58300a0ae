// Served by the luoscope-tour-data plugin of vite.config.ts (src/tours/build-data.ts).
declare module 'virtual:luoscope/tour-data' {
  const data: import('./build-data').TourData;
  export default data;
}
