// cdktf's jest matchers (toHaveResourceWithProperties, ...) for every test file.
import { Testing } from '../platform/cdktf';

Testing.setupJest();
