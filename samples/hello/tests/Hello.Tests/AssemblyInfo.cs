// Slipway's test stage gives each shard its tests in a seeded random order (a new seed per commit, so an order
// dependency between tests shows up instead of hiding); this orderer makes xUnit run them in that order.
// Without the stage's environment it keeps xUnit's default order.
[assembly: Slipway.Testing.SlipwayOrder]
