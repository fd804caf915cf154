-- Headless Neovim driver for `npm run test:editors` (tests/editors/editors.test.ts runs it as
-- `nvim --headless --clean -u nvim-test.lua`, in the workspace, with the seed to open in $CORROBORATE_OPEN).
-- It loads the README's configuration (nvim-0.7.lua, beside this file) as it is, opens the seed, waits for
-- the server's diagnostics, asks for a hover and applies "Cite" through vim.lsp.buf.code_action(), then
-- writes what it saw as JSON to $CORROBORATE_RESULT and quits. Every wait is vim.wait() on a condition.
vim.cmd('filetype on')
local here = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')
dofile(here .. '/nvim-0.7.lua')

local out = assert(os.getenv('CORROBORATE_RESULT'), 'CORROBORATE_RESULT')
local file = assert(os.getenv('CORROBORATE_OPEN'), 'CORROBORATE_OPEN')
local timeout = tonumber(os.getenv('CORROBORATE_TIMEOUT_MS') or '') or 60000
local result = { nvim = tostring(vim.version().major) .. '.' .. vim.version().minor .. '.' .. vim.version().patch, steps = {} }

local function finish(err)
  if err then result.error = tostring(err) end
  local f = assert(io.open(out, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qall!')
end

local function step(name) table.insert(result.steps, name) end

-- Messages the editor would show (vim.notify) are recorded instead.
result.notifications = {}
vim.notify = function(msg, level) table.insert(result.notifications, { msg = tostring(msg), level = level }) end

-- The diagnostics the server pushed for the buffer, as Neovim keeps them.
local function diagnostics(buf)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local line = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1] or ''
    table.insert(list, {
      code = d.code, source = d.source, severity = d.severity, message = d.message,
      lnum = d.lnum, col = d.col, text = line:sub(d.col + 1, d.col + 40),
    })
  end
  return list
end

-- A settled finding: one given while the workspace is still being read ("checking the workspace") has no
-- passage and no Cite yet, and is not the verdict these steps wait for.
local function find_diag(buf, code, prefix)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local line = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1] or ''
    local settled = not (d.message or ''):find('checking the workspace', 1, true)
    if settled and d.code == code and line:sub(d.col + 1, d.col + #prefix) == prefix then return d end
  end
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[buf].filetype
  step('opened')

  -- The client the README's FileType autocmd started and attached.
  local attached = vim.wait(timeout, function() return #vim.lsp.buf_get_clients(buf) > 0 end, 50)
  result.attached = attached
  if not attached then return end
  local client = vim.lsp.buf_get_clients(buf)[next(vim.lsp.buf_get_clients(buf))]
  result.client = { name = client.name, offset_encoding = client.offset_encoding }
  step('attached')

  -- Pushed diagnostics, until the claim that another seed corroborates is there (the first push can come
  -- before the workspace is read).
  local claim = 'Moscow has consistently opposed'
  result.diagnostics_arrived = vim.wait(timeout, function() return find_diag(buf, 'uncited-claim', claim) ~= nil end, 50)
  result.diagnostics = diagnostics(buf)
  if not result.diagnostics_arrived then return end
  step('diagnostics')

  -- Hover on the claim.
  local d = find_diag(buf, 'uncited-claim', claim)
  vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col + 5 })
  local params = vim.lsp.util.make_position_params()
  local responses = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, timeout) or {}
  for _, r in pairs(responses) do
    if r.result and r.result.contents then result.hover = r.result.contents end
    if r.err then result.hover_error = r.err end
  end
  step('hover')

  -- "Cite" as a user picks it: vim.lsp.buf.code_action() on the claim, the menu answered by this stub.
  result.code_actions = {}
  vim.ui.select = function(items, opts, on_choice)
    local pick
    for _, item in ipairs(items) do
      local title = item[2].title
      table.insert(result.code_actions, title)
      if not pick and title:match('^Cite 001_') then pick = item end
    end
    on_choice(pick)
  end
  local before = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
  vim.lsp.buf.code_action()
  result.edited = vim.wait(timeout, function()
    return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n') ~= before
  end, 50)
  result.line_after = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1]
  result.text_after = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
  step('code action')
  if not result.edited then return end

  -- The server analyses the new text and the finding goes away.
  result.finding_gone = vim.wait(timeout, function() return find_diag(buf, 'uncited-claim', claim) == nil end, 50)
  result.diagnostics_after = diagnostics(buf)
  step('finding gone')
end)
finish(not ok and err or nil)
