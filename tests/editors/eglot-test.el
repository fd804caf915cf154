;;; eglot-test.el --- Emacs + eglot driver for `npm run test:editors'  -*- lexical-binding: t -*-
;; tests/editors/editors.test.ts runs it as `emacs --batch -q -l eglot-test.el' (no init file, but the
;; site start files, which make Debian's elpa-eglot loadable), in the workspace, with the
;; seed to open in $CORROBORATE_OPEN. It loads the README's configuration (eglot.el, beside this file) as it
;; is, opens the seed (text-mode runs `eglot-ensure'), waits for the corroborate diagnostics to reach
;; Flymake, applies "Cite" through `eglot-code-actions' as a user picks it, and writes what it saw as JSON
;; to $CORROBORATE_RESULT. Every wait is an `accept-process-output' loop on a condition with a deadline.
(require 'json)
(require 'cl-lib)
(load (expand-file-name "eglot.el" (file-name-directory load-file-name)) nil t)
(require 'eglot)
(require 'flymake)

(defvar ct-result (list (cons 'emacs emacs-version)))
(defvar ct-timeout (/ (string-to-number (or (getenv "CORROBORATE_TIMEOUT_MS") "60000")) 1000.0))
(defun ct-put (key value) (push (cons key value) ct-result))

(defun ct-wait (pred)
  "Run the event loop until PRED is non-nil or the deadline passes; return PRED's value."
  (let ((deadline (+ (float-time) ct-timeout)) v)
    (while (and (not (setq v (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    v))

(defun ct-diags ()
  (mapcar (lambda (d)
            (let ((beg (flymake-diagnostic-beg d)))
              (list (cons 'text (flymake-diagnostic-text d))
                    (cons 'type (symbol-name (flymake-diagnostic-type d)))
                    (cons 'line (line-number-at-pos beg))
                    (cons 'snippet (buffer-substring-no-properties beg (min (point-max) (+ beg 40)))))))
          (flymake-diagnostics)))

(defun ct-find (code prefix)
  ;; A settled finding: one given while the workspace is still being read ("checking the workspace") has no
  ;; passage and no Cite yet, and is not the verdict these steps wait for.
  (cl-find-if (lambda (d)
                (let ((beg (flymake-diagnostic-beg d)))
                  (and (string-prefix-p (format "corroborate [%s]" code) (flymake-diagnostic-text d))
                       (not (string-match-p "checking the workspace" (flymake-diagnostic-text d)))
                       (string-prefix-p prefix (buffer-substring-no-properties beg (min (point-max) (+ beg (length prefix))))))))
              (flymake-diagnostics)))

(defun ct-finish (&optional err)
  (when err (ct-put 'error (format "%S" err)))
  (with-temp-file (getenv "CORROBORATE_RESULT")
    (insert (json-encode ct-result)))
  (kill-emacs 0))

(condition-case err
    (let ((claim "Moscow has consistently opposed"))
      (find-file (getenv "CORROBORATE_OPEN"))
      (ct-put 'major_mode (symbol-name major-mode))
      ;; `eglot-ensure' (from text-mode-hook) connects after the current command: in batch mode there is no
      ;; command loop, so run what it added to `post-command-hook' as the command loop would.
      (run-hooks 'post-command-hook)
      (ct-put 'managed (and (ct-wait (lambda () (bound-and-true-p eglot--managed-mode))) t))
      (let ((server (eglot-current-server)))
        (ct-put 'language_id (and server (eglot--language-id server))))
      (ct-put 'flymake_mode (and (bound-and-true-p flymake-mode) t))
      (ct-put 'diagnostics_arrived (and (ct-wait (lambda () (ct-find "uncited-claim" claim))) t))
      (ct-put 'diagnostics (vconcat (ct-diags)))
      (let ((d (ct-find "uncited-claim" claim)))
        (when d
          (let* ((beg (flymake-diagnostic-beg d))
                 (end (flymake-diagnostic-end d))
                 (before (buffer-string))
                 (offered nil)
                 (last-nonmenu-event ?\r))
            ;; M-x eglot-code-actions on the claim, the menu answered as a user would: "Cite 001_…".
            (cl-letf (((symbol-function 'completing-read)
                       (lambda (_prompt items &rest _)
                         (setq offered (mapcar #'car items))
                         (or (cl-find-if (lambda (title) (string-prefix-p "Cite 001_" title)) offered) ""))))
              (goto-char beg)
              (eglot-code-actions beg end nil t))
            (ct-put 'code_actions (vconcat offered))
            (ct-put 'edited (and (ct-wait (lambda () (not (equal before (buffer-string))))) t))
            ;; Save (C-x C-s): eglot sends the change then (it otherwise waits for an idle timer, and batch
            ;; mode is never idle), and the file on disk gets the citation.
            (save-buffer)
            (ct-put 'saved_has_citation
                    (with-temp-buffer
                      (insert-file-contents (getenv "CORROBORATE_OPEN"))
                      (and (search-forward "[source: 001_" nil t) t)))
            (goto-char beg)
            (ct-put 'line_after (buffer-substring-no-properties (line-beginning-position) (line-end-position)))
            (ct-put 'finding_gone (and (ct-wait (lambda () (not (ct-find "uncited-claim" claim)))) t))
            (ct-put 'diagnostics_after (vconcat (ct-diags))))))
      (ct-finish))
  (error (ct-finish err)))
