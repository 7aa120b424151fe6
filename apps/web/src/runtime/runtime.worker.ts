// One sandbox worker: the runtime's message loop over this Web Worker's endpoint.
import { serve } from '@zerolab/runtime/worker'
import { selfEndpoint } from '@zerolab/runtime/web'

serve(selfEndpoint())
