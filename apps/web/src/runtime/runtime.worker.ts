// One sandbox worker: the runtime's message loop over this Web Worker's endpoint. Python
// stages load python.wasm and its stdlib from the server on first use (then the Cache API).
import { serve } from '@zerolab/runtime/worker'
import { fetchAssets, selfEndpoint } from '@zerolab/runtime/web'

serve(selfEndpoint(), { asset: fetchAssets() })
