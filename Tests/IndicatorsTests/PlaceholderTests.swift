// Replaced by the indicator tests of issue 4.
import Testing
@testable import Indicators
