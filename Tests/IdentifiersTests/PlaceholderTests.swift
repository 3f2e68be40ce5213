// Replaced by the identifier tests of issue 5.
import Testing
@testable import Identifiers
