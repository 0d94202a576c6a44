[assembly: AssemblyFixture(typeof(Gamity.Testing.Azurite))]
