// Runs the @nestjs/swagger CLI plugin inside ts-jest, as `nest build` does, so OpenAPI
// schemas seen by tests are the ones the built app serves.
const plugin = require('@nestjs/swagger/plugin');

module.exports = {
  name: 'nestjs-swagger-plugin',
  version: '1',
  factory(tsCompiler, options) {
    return plugin.before(options, tsCompiler.program);
  },
};
