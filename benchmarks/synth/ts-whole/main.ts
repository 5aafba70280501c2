// Twin A: the provider imported whole, as most CDKTF TypeScript code does (loads all 2,212 submodules).
import * as aws from "@cdktf/provider-aws";
import { synth } from "../twin/stacks";

synth(aws);
