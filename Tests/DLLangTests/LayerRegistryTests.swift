import Testing
@testable import DLLang
import DLNN
import DLTensor

/// The language's layer calls and DLNN's registry must name the same kinds:
/// a layer the catalog offers but the factory cannot build (or the reverse)
/// would fail only when someone writes it.
@Suite struct LayerRegistryTests {
    @Test func theCatalogAndTheRegistryListTheSameKinds() {
        let registered = LayerFactory.kinds
        #expect(Set(registered).count == registered.count, "a kind registered twice: \(registered.sorted())")
        let catalog = Set(LayerCatalog.all().keys)
        #expect(catalog == Set(registered + ["input"]))
        #expect(LayerCatalog.names == catalog)
        // `model` and `residual` are built from a model's name and a block, never called.
        #expect(catalog.isDisjoint(with: ["model", "residual"]))
    }

    @Test(arguments: LayerFactory.kinds)
    func theFactoryKnowsEveryKindItLists(_ kind: String) throws {
        // Without arguments some layers refuse their spec, but none may be unknown.
        var rng = RandomGenerator(seed: 1)
        do { _ = try Model(name: "m", inputShape: [4], specs: [LayerSpec(kind)], rng: &rng) } catch let e as ModelError {
            #expect(!e.message.hasPrefix("unknown layer"), "\(kind): \(e.message)")
        }
    }
}
