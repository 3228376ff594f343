/** Type tokens of cellplane's components: `cellplane:<area>:<Component>`. */

/** The components of one cell (`cellplane:cell:CellQueue`). */
export const CELL_COMPONENT_PREFIX = "cellplane:cell";
/** The routing layer's components, which belong to no cell (`cellplane:routing:GlobalRouter`). */
export const ROUTING_COMPONENT_PREFIX = "cellplane:routing";
/** What an account or region must have before its cells (`cellplane:bootstrap:AccountBootstrap`). */
export const BOOTSTRAP_COMPONENT_PREFIX = "cellplane:bootstrap";
