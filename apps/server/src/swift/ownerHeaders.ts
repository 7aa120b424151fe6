/** Metadata Swift shows only to owners (its `swift_owner_headers`): keys and sync settings. */
export const ownerOnlyHeader = (key: string): boolean =>
  /^x-(account|container)-meta-temp-url-key(-2)?$|^x-container-sync-(key|to)$/.test(key)
