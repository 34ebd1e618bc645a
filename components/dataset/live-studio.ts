"use client";

import { createContext } from "react";

/**
 * True when the studio prepares a dataset for local training (live BFL no longer trains): texts deep in
 * the tree, such as what fills an empty caption, follow it without threading a prop through every card.
 */
export const LiveStudioContext = createContext(false);
