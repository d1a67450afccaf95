// Generated from the model bodies in specs/bundled/aimlapi-video.openapi.json.
// Do not edit it by hand: change specs/ and run `pnpm generate`.

import type { ModelInfo, ParameterInfo } from "../models.js";

/** The parameters of the models below, each written once (a tuple: each p[i] is defined). */
const p = [
  {"name":"prompt","required":true,"type":"string","description":"The text description of the scene, subject, or action to generate in the video."},
  {"name":"image_url","required":false,"type":"string","format":"uri","description":"The image to animate (its first frame).","media":{"medium":"image","dataUri":true}},
  {"name":"reference_image_urls","required":false,"type":"array","maxItems":9,"description":"Reference images that guide the generation.","media":{"medium":"image","dataUri":false},"items":{"type":"string","format":"uri"}},
  {"name":"video_url","required":false,"type":"string","format":"uri","description":"The input video.","media":{"medium":"video","dataUri":true}},
  {"name":"aspect_ratio","required":false,"type":"string","enum":["16:9","9:16","1:1","4:3","3:4"],"default":"16:9","description":"The aspect ratio of the generated video."},
  {"name":"resolution","required":false,"type":"string","enum":["720p","1080p"],"default":"1080p","description":"The resolution of the generated video."},
  {"name":"duration","required":false,"type":"integer","enum":[3,4,5,6,7,8,9,10,11,12,13,14,15],"default":10,"description":"The length of the output video in seconds."},
  {"name":"audio_setting","required":false,"type":"string","enum":["auto","origin"],"default":"auto"},
  {"name":"seed","required":false,"type":"integer","description":"A seed for reproducible results."},
  {"name":"watermark","required":false,"type":"boolean","default":false,"description":"Whether to add the provider's watermark."},
  {"name":"image_url","required":true,"type":"string","format":"uri","description":"The image to animate (its first frame).","media":{"medium":"image","dataUri":true}},
  {"name":"audio_url","required":false,"type":"string","format":"uri","description":"The input audio (speech or music) the video follows.","media":{"medium":"audio","dataUri":false}},
  {"name":"duration","required":false,"type":"integer","enum":[5,10,15],"default":10,"description":"The length of the output video in seconds."},
  {"name":"negative_prompt","required":false,"type":"string","description":"The description of elements to avoid in the generated video."},
  {"name":"shot_type","required":false,"type":"string","enum":["single","multi"],"default":"single"},
  {"name":"generate_audio","required":false,"type":"boolean","default":true,"description":"Whether to generate a soundtrack with the video."},
  {"name":"enhance_prompt","required":false,"type":"boolean","default":true,"description":"Whether the provider may rewrite the prompt to improve the result."},
  {"name":"resolution","required":false,"type":"string","enum":["720p","1080p"],"default":"720p","description":"The resolution of the generated video."},
  {"name":"video_urls","required":true,"type":"array","minItems":1,"maxItems":3,"description":"The input videos.","media":{"medium":"video","dataUri":false},"items":{"type":"string","format":"uri"}},
  {"name":"enable_prompt_expansion","required":false,"type":"boolean","default":true,"description":"Whether the provider may expand the prompt."},
  {"name":"negative_prompt","required":false,"type":"string","maxLength":500,"description":"The description of elements to avoid in the generated video."},
  {"name":"first_frame_image","required":false,"type":"string","format":"uri","description":"The image the video starts from.","media":{"medium":"image","dataUri":false}},
  {"name":"image_urls","required":false,"type":"array","maxItems":5,"description":"Reference images that guide the generation.","media":{"medium":"image","dataUri":false},"items":{"type":"string","format":"uri"}},
  {"name":"video_urls","required":false,"type":"array","maxItems":5,"description":"The input videos.","media":{"medium":"video","dataUri":false},"items":{"type":"string","format":"uri"}},
  {"name":"resolution","required":false,"type":"string","enum":["720P"],"default":"720P","description":"The resolution of the generated video."},
  {"name":"resolution","required":false,"type":"string","enum":["480P","720P"],"default":"720P","description":"The resolution of the generated video."},
  {"name":"video_url","required":true,"type":"string","format":"uri","description":"The input video.","media":{"medium":"video","dataUri":true}},
  {"name":"resolution","required":false,"type":"string","enum":["480p","580p","720p"],"default":"480p","description":"The resolution of the generated video."},
  {"name":"num_inference_steps","required":false,"type":"integer","default":20},
  {"name":"enable_safety_checker","required":false,"type":"boolean"},
  {"name":"shift","required":false,"type":"number","default":5},
  {"name":"video_quality","required":false,"type":"string","enum":["low","medium","high","maximum"],"default":"high"},
  {"name":"video_write_mode","required":false,"type":"string","enum":["fast","balanced","small"],"default":"balanced"},
  {"name":"resolution","required":false,"type":"string","enum":["480P","1080P"],"default":"1080P","description":"The resolution of the generated video."},
  {"name":"negative_prompt","required":false,"type":"string","default":"letterboxing, borders, black bars, bright colors, overexposed, static, blurred details, subtitles, style, artwork, painting, picture, still, overall gray, worst quality, low quality, JPEG compression residue, ugly, incomplete, extra fingers, poorly drawn hands, poorly drawn faces, deformed, disfigured, malformed limbs, fused fingers, still picture, cluttered background, three legs, many people in the background, walking backwards","description":"The description of elements to avoid in the generated video."},
  {"name":"match_input_num_frames","required":false,"type":"boolean"},
  {"name":"num_frames","required":false,"type":"integer","default":81,"minimum":17,"maximum":241,"description":"The number of frames to generate."},
  {"name":"match_input_frames_per_second","required":false,"type":"boolean"},
  {"name":"frames_per_second","required":false,"type":"integer","default":16,"minimum":5,"maximum":30,"description":"The frame rate of the output video."},
  {"name":"aspect_ratio","required":false,"type":"string","enum":["auto","16:9","1:1","9:16"],"default":"auto","description":"The aspect ratio of the generated video."},
  {"name":"num_inference_steps","required":false,"type":"integer","default":30},
  {"name":"guidance_scale","required":false,"type":"number","default":5,"description":"How closely the video follows the prompt."},
  {"name":"enable_prompt_expansion","required":false,"type":"boolean","description":"Whether the provider may expand the prompt."},
  {"name":"preprocess","required":false,"type":"boolean"},
  {"name":"acceleration","required":false,"type":"string","enum":["none","regular"],"default":"regular"},
  {"name":"num_interpolated_frames","required":false,"type":"integer"},
  {"name":"temporal_downsample_factor","required":false,"type":"integer"},
  {"name":"enable_auto_downsample","required":false,"type":"boolean"},
  {"name":"auto_downsample_min_fps","required":false,"type":"number","default":15},
  {"name":"interpolator_model","required":false,"type":"string","enum":["rife","film"],"default":"film"},
  {"name":"sync_mode","required":false,"type":"boolean"},
  {"name":"image_list","required":false,"type":"array","description":"The images to build the video from, in order.","media":{"medium":"image","dataUri":false},"items":{"type":"string","format":"uri"}},
  {"name":"mask_video_url","required":false,"type":"string","format":"uri","description":"A mask video: white marks the area to regenerate.","media":{"medium":"video","dataUri":false}},
  {"name":"expand_left","required":false,"type":"boolean","default":true},
  {"name":"expand_right","required":false,"type":"boolean","default":true},
  {"name":"expand_top","required":false,"type":"boolean","default":true},
  {"name":"expand_bottom","required":false,"type":"boolean","default":true},
  {"name":"expand_ratio","required":false,"type":"number","default":0.25},
  {"name":"prompt","required":false,"type":"string","description":"The text description of the scene, subject, or action to generate in the video."},
  {"name":"zoom_factor","required":false,"type":"number"},
  {"name":"trim_borders","required":false,"type":"boolean","default":true},
  {"name":"resolution","required":false,"type":"string","enum":["480p","720p","1080p"],"default":"1080p","description":"The resolution of the generated video."},
  {"name":"aspect_ratio","required":false,"type":"string","enum":["16:9","9:16","1:1"],"default":"16:9","description":"The aspect ratio of the generated video."},
  {"name":"duration","required":false,"type":"integer","enum":[5,10],"default":10,"description":"The length of the output video in seconds."},
  {"name":"video_url","required":true,"type":"string","format":"uri","description":"The input video.","media":{"medium":"video","dataUri":false,"formats":["video/quicktime","video/mp4"]}},
  {"name":"alpha_url","required":false,"type":"string","format":"uri"},
  {"name":"reference_image_url","required":false,"type":"string","format":"uri","description":"A reference image that guides the generation.","media":{"medium":"image","dataUri":false,"formats":["image/jpeg","image/png","image/webp"]}},
  {"name":"alpha_mode","required":false,"type":"string","enum":["auto","fill","custom","select"],"default":"auto"},
  {"name":"max_resolution","required":false,"type":"integer","enum":[720,1080],"default":1080},
  {"name":"alpha_keyframe_index","required":false,"type":"integer","minimum":0},
  {"name":"seed","required":false,"type":"integer","minimum":0,"maximum":4294967295,"description":"A seed for reproducible results."},
  {"name":"prompt","required":false,"type":"string","maxLength":2000,"description":"The text description of the scene, subject, or action to generate in the video."},
  {"name":"prompt","required":true,"type":"string","minLength":1,"description":"The text description of the scene, subject, or action to generate in the video."},
  {"name":"aspect_ratio","required":false,"type":"string","enum":["auto","21:9","2:1","16:9","4:3","1:1","3:4","9:16"],"default":"auto","description":"The aspect ratio of the generated video."},
  {"name":"duration","required":false,"type":"integer","default":5,"minimum":5,"maximum":20,"description":"The length of the output video in seconds."},
  {"name":"safety_tolerance","required":false,"type":"integer","default":2,"minimum":0,"maximum":4},
  {"name":"image_url","required":true,"type":"string","format":"uri","description":"The image to animate (its first frame).","media":{"medium":"image","dataUri":false}},
  {"name":"last_image_url","required":false,"type":"string","format":"uri","description":"The image the video ends on.","media":{"medium":"image","dataUri":false}},
  {"name":"image_urls","required":false,"type":"array","maxItems":10,"description":"Reference images that guide the generation.","media":{"medium":"image","dataUri":false},"items":{"type":"string","format":"uri"}},
  {"name":"resolution","required":false,"type":"string","enum":["hd"],"default":"hd","description":"The resolution of the generated video."},
  {"name":"video_url","required":true,"type":"string","format":"uri","description":"The input video.","media":{"medium":"video","dataUri":false}},
  {"name":"resolution","required":false,"type":"string","enum":["hd","fhd"],"default":"hd","description":"The resolution of the generated video."},
  {"name":"provider","required":false,"type":"string","description":"The upstream provider to route the request to, when the model has several."},
  {"name":"last_image_url","required":false,"type":"string","format":"uri","description":"The image the video ends on.","media":{"medium":"image","dataUri":true}},
  {"name":"audio_url","required":false,"type":"string","format":"uri","description":"The input audio (speech or music) the video follows.","media":{"medium":"audio","dataUri":true,"assetId":true,"maxSeconds":15.2}},
  {"name":"video_url","required":false,"type":"string","format":"uri","description":"The input video.","media":{"medium":"video","dataUri":false,"urlOnly":true}},
  {"name":"image_urls","required":false,"type":"array","minItems":1,"maxItems":9,"description":"Reference images that guide the generation.","media":{"medium":"image","dataUri":false},"items":{"type":"string","format":"uri"}},
  {"name":"audio_urls","required":false,"type":"array","minItems":1,"maxItems":3,"description":"The input audio tracks.","media":{"medium":"audio","dataUri":false},"items":{"type":"string","format":"uri"}},
  {"name":"video_urls","required":false,"type":"array","minItems":1,"maxItems":3,"description":"The input videos.","media":{"medium":"video","dataUri":false},"items":{"type":"string","format":"uri"}},
  {"name":"aspect_ratio","required":false,"type":"string","enum":["21:9","16:9","4:3","1:1","3:4","9:16"],"default":"16:9","description":"The aspect ratio of the generated video."},
  {"name":"resolution","required":false,"type":"string","enum":["480p","720p"],"default":"720p","description":"The resolution of the generated video."},
  {"name":"duration","required":false,"type":"integer","enum":[4,5,6,7,8,9,10,11,12,13,14,15],"default":5,"description":"The length of the output video in seconds."},
  {"name":"duration","required":false,"type":"integer","enum":[4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30],"default":5,"description":"The length of the output video in seconds."},
  {"name":"audio_url","required":true,"type":"string","format":"uri","description":"The input audio (speech or music) the video follows.","media":{"medium":"audio","dataUri":false,"maxSeconds":30}},
  {"name":"duration","required":false,"type":"integer","enum":[5,10],"description":"The length of the output video in seconds."},
  {"name":"camerafixed","required":false,"type":"boolean","default":false},
  {"name":"aspect_ratio","required":false,"type":"string","enum":["16:9","4:3","1:1","3:4","9:16","21:9","9:21"],"default":"16:9","description":"The aspect ratio of the generated video."},
  {"name":"aspect_ratio","required":false,"type":"string","enum":["16:9","4:3","1:1","3:4","9:16","21:9","adaptive"],"default":"16:9","description":"The aspect ratio of the generated video."},
  {"name":"resolution","required":false,"type":"string","enum":["480p","720p","1080p"],"default":"720p","description":"The resolution of the generated video."},
  {"name":"duration","required":false,"type":"integer","enum":[4,5,6,7,8,9,10,11,12],"description":"The length of the output video in seconds."},
  {"name":"seed","required":false,"type":"integer","default":-1,"description":"A seed for reproducible results."},
  {"name":"camera_fixed","required":false,"type":"boolean","default":false},
  {"name":"resolution","required":false,"type":"string","enum":["480p","720p","1080p","4k"],"default":"720p","description":"The resolution of the generated video."},
  {"name":"duration","required":false,"type":"integer","enum":[4,5,6,7,8,9,10,11,12,13,14,15],"default":8,"description":"The length of the output video in seconds."},
  {"name":"prompt","required":false,"type":"string","maxLength":1000,"description":"The text description of the scene, subject, or action to generate in the video."},
  {"name":"tail_image_url","required":false,"type":"string","format":"uri","description":"The image the video ends on.","media":{"medium":"image","dataUri":true}},
  {"name":"aspect_ratio","required":false,"type":"string","enum":["16:9","9:16"],"default":"16:9","description":"The aspect ratio of the generated video."},
  {"name":"duration","required":false,"type":"integer","enum":[5,10],"default":5,"description":"The length of the output video in seconds."},
  {"name":"image_urls","required":false,"type":"array","maxItems":6,"description":"Reference images that guide the generation.","media":{"medium":"image","dataUri":false},"items":{"type":"string","format":"uri"}},
  {"name":"audio_url","required":false,"type":"string","format":"uri","description":"The input audio (speech or music) the video follows.","media":{"medium":"audio","dataUri":true}},
  {"name":"previous_interaction_id","required":false,"type":"string"},
  {"name":"task","required":false,"type":"string","enum":["text_to_video","image_to_video","reference_to_video","edit"]},
  {"name":"aspect_ratio","required":false,"type":"string","enum":["16:9","9:16"],"description":"The aspect ratio of the generated video."},
  {"name":"duration","required":false,"type":"integer","enum":[3,4,5,6,7,8,9,10],"default":8,"description":"The length of the output video in seconds."},
  {"name":"delivery","required":false,"type":"string","enum":["uri"],"default":"uri"},
  {"name":"duration","required":false,"type":"integer","enum":[4,6,8],"default":8,"description":"The length of the output video in seconds."},
  {"name":"resolution","required":false,"type":"string","enum":["720P","1080P"],"default":"720P","description":"The resolution of the generated video."},
  {"name":"last_image_url","required":true,"type":"string","format":"uri","description":"The image the video ends on.","media":{"medium":"image","dataUri":true}},
  {"name":"image_urls","required":true,"type":"array","description":"Reference images that guide the generation.","media":{"medium":"image","dataUri":false},"items":{"type":"string","format":"uri"}},
  {"name":"duration","required":false,"type":"integer","enum":[8],"description":"The length of the output video in seconds."},
  {"name":"auto_fix","required":false,"type":"boolean","default":true},
  {"name":"aspect_ratio","required":false,"type":"string","enum":["auto","16:9","9:16"],"default":"auto","description":"The aspect ratio of the generated video."},
  {"name":"duration","required":false,"type":"integer","enum":[7],"default":7,"description":"The length of the output video in seconds."},
  {"name":"resolution","required":false,"type":"string","enum":["720p"],"default":"720p","description":"The resolution of the generated video."},
  {"name":"auto_fix","required":false,"type":"boolean","default":false},
  {"name":"cfg_scale","required":false,"type":"number","minimum":0,"maximum":1,"description":"How closely the video follows the prompt (Classifier Free Guidance scale)."},
  {"name":"static_mask","required":false,"type":"string","format":"uri","media":{"medium":"image","dataUri":false}},
  {"name":"dynamic_masks","required":false,"type":"array","maxItems":6,"items":{"type":"object","properties":[{"name":"mask","required":true,"type":"string"},{"name":"trajectories","required":true,"type":"array","minItems":2,"maxItems":77,"items":{"type":"object","properties":[{"name":"x","required":true,"type":"integer"},{"name":"y","required":true,"type":"integer"}]}}]}},
  {"name":"camera_control","required":false,"type":"object","description":"Camera movement.","properties":[{"name":"type","required":false,"type":"string","enum":["simple","down_back","forward_up","right_turn_forward","left_turn_forward"]},{"name":"config","required":false,"type":"object","properties":[{"name":"horizontal","required":false,"type":"number","minimum":-10,"maximum":10},{"name":"vertical","required":false,"type":"number","minimum":-10,"maximum":10},{"name":"pan","required":false,"type":"number","minimum":-10,"maximum":10},{"name":"tilt","required":false,"type":"number","minimum":-10,"maximum":10},{"name":"roll","required":false,"type":"number","minimum":-10,"maximum":10},{"name":"zoom","required":false,"type":"number","minimum":-10,"maximum":10}]}]},
  {"name":"camera_control","required":false,"type":"string","enum":["down_back","forward_up","right_turn_forward","left_turn_forward"],"description":"Camera movement."},
  {"name":"advanced_camera_control","required":false,"type":"object","description":"Advanced camera movement.","properties":[{"name":"movement_type","required":true,"type":"string","enum":["horizontal","vertical","pan","tilt","roll","zoom"]},{"name":"movement_value","required":true,"type":"integer","minimum":-10,"maximum":10}]},
  {"name":"image_list","required":true,"type":"array","minItems":2,"maxItems":4,"description":"The images to build the video from, in order.","media":{"medium":"image","dataUri":false},"items":{"type":"string","format":"uri"}},
  {"name":"aspect_ratio","required":false,"type":"string","enum":["16:9","9:16","1:1"],"description":"The aspect ratio of the generated video."},
  {"name":"cfg_scale","required":false,"type":"number","minimum":0,"maximum":1,"description":"The CFG (Classifier Free Guidance) scale is a measure of how close you want the model to stick to your prompt."},
  {"name":"camera_control","required":false,"type":"string","enum":["down_back","forward_up","right_turn_forward","left_turn_forward"],"description":"Camera control parameters."},
  {"name":"advanced_camera_control","required":false,"type":"object","description":"Advanced camera control parameters.","properties":[{"name":"movement_type","required":true,"type":"string","enum":["horizontal","vertical","pan","tilt","roll","zoom"],"description":"The type of camera movement."},{"name":"movement_value","required":true,"type":"integer","minimum":-10,"maximum":10,"description":"The value of the camera movement."}]},
  {"name":"audio_url","required":true,"type":"string","description":"The input audio (speech or music) the video follows.","media":{"medium":"audio","dataUri":false,"formats":["audio/aac","audio/mp4","audio/mpeg","audio/wav"],"maxBytes":5242880}},
  {"name":"prompt","required":false,"type":"string","maxLength":2500,"description":"The text description of the scene, subject, or action to generate in the video."},
  {"name":"image_url","required":true,"description":"The image to animate (its first frame).","media":{"medium":"image","dataUri":false},"anyOf":[{"type":"string","format":"uri"},{"type":"array","items":{"type":"string","format":"uri"}}]},
  {"name":"effect_scene","required":true,"type":"string","enum":["magic_fireball","pet_moto_rider","media_interview","pet_lion","pet_delivery","pet_chef","santa_gifts","santa_hug","girlfriend","boyfriend","heart_gesture_1","pet_wizard","smoke_smoke","thumbs_up","instant_kid","dollar_rain","cry_cry","building_collapse","gun_shot","mushroom","double_gun","pet_warrior","lightning_power","jesus_hug","shark_alert","long_hair","lie_flat","polar_bear_hug","brown_bear_hug","jazz_jazz","office_escape_plow","fly_fly","watermelon_bomb","pet_dance","boss_coming","wool_curly","iron_warrior","pet_bee","marry_me","swing_swing","day_to_night","piggy_morph","wig_out","car_explosion","ski_ski","tiger_hug","siblings","construction_worker","let's_ride","snatched","magic_broom","felt_felt","jumpdrop","celebration","splashsplash","hula","surfsurf","fairy_wing","angel_wing","dark_wing","skateskate","plushcut","jelly_press","jelly_slice","jelly_squish","jelly_jiggle","pixelpixel","yearbook","instant_film","anime_figure","rocketrocket","bloombloom","dizzydizzy","fuzzyfuzzy","squish","expansion","hug","kiss","heart_gesture","fight"],"description":"The effect template to apply."},
  {"name":"prompt","required":true,"type":"string","maxLength":2500,"description":"The text description of the scene, subject, or action to generate in the video."},
  {"name":"image_list","required":false,"type":"array","minItems":1,"maxItems":7,"description":"The images to build the video from, in order.","media":{"medium":"image","dataUri":false},"items":{"type":"string","format":"uri"}},
  {"name":"elements","required":false,"type":"array","maxItems":4,"items":{"type":"object","properties":[{"name":"reference_image_urls","required":true,"type":"array","minItems":1,"maxItems":4,"media":{"medium":"image","dataUri":false},"items":{"type":"string","format":"uri"}},{"name":"frontal_image_url","required":true,"type":"string","format":"uri","media":{"medium":"image","dataUri":false}}]}},
  {"name":"keep_audio","required":false,"type":"boolean","default":false},
  {"name":"image_list","required":false,"type":"array","minItems":1,"maxItems":4,"description":"The images to build the video from, in order.","media":{"medium":"image","dataUri":false},"items":{"type":"string","format":"uri"}},
  {"name":"character_orientation","required":false,"type":"string","enum":["image","video"],"default":"video"},
  {"name":"keep_audio","required":false,"type":"boolean","default":true},
  {"name":"mode","required":false,"type":"string","enum":["std","pro"],"default":"std"},
  {"name":"multi_prompt","required":false,"type":"array","description":"One prompt per shot, for multi-shot videos.","items":{"type":"string"}},
  {"name":"tail_image_url","required":false,"type":"string","format":"uri","description":"The image the video ends on.","media":{"medium":"image","dataUri":false}},
  {"name":"duration","required":false,"type":"integer","enum":[3,4,5,6,7,8,9,10,11,12,13,14,15],"default":5,"description":"The length of the output video in seconds."},
  {"name":"elements","required":false,"type":"array","maxItems":4,"items":{"type":"object","properties":[{"name":"reference_image_urls","required":true,"type":"array","minItems":1,"maxItems":4,"media":{"medium":"image","dataUri":false},"items":{"type":"string","format":"uri"}},{"name":"frontal_image_url","required":false,"type":"string","format":"uri","media":{"medium":"image","dataUri":false}},{"name":"video_url","required":false,"type":"string","format":"uri","media":{"medium":"video","dataUri":false}}]}},
  {"name":"shot_type","required":false,"type":"string","enum":["customize","intelligent","intelligence"],"default":"customize"},
  {"name":"shot_type","required":false,"type":"string","enum":["customize","intelligent"],"default":"customize"},
  {"name":"prompt","required":false,"type":"string","maxLength":3072,"description":"The text description of the scene, subject, or action to generate in the video."},
  {"name":"multi_prompt","required":false,"type":"array","minItems":1,"maxItems":6,"nullable":true,"description":"One prompt per shot, for multi-shot videos.","items":{"type":"object","properties":[{"name":"prompt","required":true,"type":"string","maxLength":3072},{"name":"duration","required":false,"type":"integer","enum":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15],"default":5}]}},
  {"name":"image_url","required":true,"type":"string","format":"uri","description":"The image to animate (its first frame).","media":{"medium":"image","dataUri":true,"formats":["image/jpeg","image/png"],"maxBytes":52428800,"minSidePx":300}},
  {"name":"num_frames","required":false,"type":"integer","default":78,"minimum":18,"maximum":162,"description":"The number of frames to generate."},
  {"name":"strength","required":false,"type":"number","default":0.85,"minimum":0,"maximum":1},
  {"name":"duration","required":false,"type":"integer","enum":[6,8,10],"description":"The length of the output video in seconds."},
  {"name":"resolution","required":false,"type":"string","enum":["1080p","1440p","2160p"],"default":"1080p","description":"The resolution of the generated video."},
  {"name":"aspect_ratio","required":false,"type":"string","enum":["16:9"],"default":"16:9","description":"The aspect ratio of the generated video."},
  {"name":"fps","required":false,"type":"integer","enum":[25,50],"description":"The frame rate of the output video."},
  {"name":"aspect_ratio","required":false,"type":"string","enum":["1:1","16:9","9:16","4:3","3:4","21:9","9:21"],"default":"16:9","description":"The aspect ratio of the generated video."},
  {"name":"keyframes","required":false,"type":"object","description":"The first (frame0) and last (frame1) frames: an image or a previous generation.","properties":[{"name":"frame0","required":false,"anyOf":[{"type":"object","properties":[{"name":"type","required":true,"type":"string","enum":["image"]},{"name":"url","required":true,"type":"string","format":"uri"}]},{"type":"object","properties":[{"name":"type","required":true,"type":"string","enum":["generation"]},{"name":"id","required":true,"type":"string","format":"uuid"}]},{"type":"null"}]},{"name":"frame1","required":false,"anyOf":[{"type":"object","properties":[{"name":"type","required":true,"type":"string","enum":["image"]},{"name":"url","required":true,"type":"string","format":"uri"}]},{"type":"object","properties":[{"name":"type","required":true,"type":"string","enum":["generation"]},{"name":"id","required":true,"type":"string","format":"uuid"}]},{"type":"null"}]}]},
  {"name":"loop","required":false,"type":"boolean","default":false,"description":"Whether the video should loop seamlessly."},
  {"name":"resolution","required":false,"type":"string","enum":["540p","720p","1080p","4k"],"default":"1080p","description":"The resolution of the generated video."},
  {"name":"duration","required":false,"type":"integer","enum":[5,9],"default":5,"description":"The length of the output video in seconds."},
  {"name":"type","required":false,"type":"string","enum":["video","video_edit","video_reframe"],"default":"video"},
  {"name":"resolution","required":false,"type":"string","enum":["360p","540p","720p","1080p"],"default":"720p","description":"The resolution of the generated video."},
  {"name":"aspect_ratio","required":false,"type":"string","enum":["9:16","3:4","1:1","4:3","16:9","21:9"],"default":"16:9","description":"The aspect ratio of the generated video."},
  {"name":"hdr","required":false,"type":"boolean","default":false},
  {"name":"exr_export","required":false,"type":"boolean","default":false},
  {"name":"image_url","required":false,"type":"string","format":"uri","description":"The image to animate (its first frame).","media":{"medium":"image","dataUri":false}},
  {"name":"video_url","required":false,"type":"string","format":"uri","description":"The input video.","media":{"medium":"video","dataUri":false}},
  {"name":"template","required":false,"type":"string","enum":["Thailand Street","Times Square Billboard","New York Times Square (77)","Phone Social","Art Gallery","New York Times Square (66)","Dubai Museum","Digital Float","Rotating Cards","Desktop Reveal","Egypt Pyramid","Frames Drop","Cappadocia Balloons","Times Square Round Screen","Stockholm Metro","Tokyo Billboard","San Francisco Skyscrapers","Malaysia Shop","Las Vegas LED","Phone App","Paris Eiffel Tower"],"default":"Thailand Street"},
  {"name":"template","required":false,"type":"string","enum":["Shanghai Drone Show"],"default":"Shanghai Drone Show"},
  {"name":"template","required":false,"type":"string","enum":["Thailand Street","Times Square Billboard","New York Times Square (78)","Phone Social","Art Gallery","New York Times Square (67)","Dubai Museum","Rotating Cards","Desktop Reveal","Egypt Pyramid","Cappadocia Balloons","Times Square Round Screen","Stockholm Metro","Tokyo Billboard","San Francisco Skyscrapers","Malaysia Shop","Las Vegas LED","Phone App","Paris Eiffel Tower"],"default":"Thailand Street"},
  {"name":"prompt","required":true,"type":"string","maxLength":7000,"description":"The text description of the scene, subject, or action to generate in the video."},
  {"name":"image_url","required":false,"type":"string","format":"uri","description":"The image to animate (its first frame).","media":{"medium":"image","dataUri":true,"formats":["image/jpeg","image/png"],"maxBytes":20971520,"minSidePx":300}},
  {"name":"video_urls","required":false,"type":"array","maxItems":3,"description":"The input videos.","media":{"medium":"video","dataUri":false},"items":{"type":"string","format":"uri"}},
  {"name":"audio_urls","required":false,"type":"array","maxItems":3,"description":"The input audio tracks.","media":{"medium":"audio","dataUri":false},"items":{"type":"string","format":"uri"}},
  {"name":"duration","required":false,"type":"integer","default":6,"minimum":4,"maximum":15,"description":"The length of the output video in seconds."},
  {"name":"resolution","required":false,"type":"string","enum":["2K"],"default":"2K","description":"The resolution of the generated video."},
  {"name":"ratio","required":false,"type":"string","enum":["adaptive","21:9","16:9","4:3","1:1","3:4","9:16"],"default":"adaptive","description":"The aspect ratio of the generated video."},
  {"name":"prompt","required":true,"type":"string","maxLength":2000,"description":"The text description of the scene, subject, or action to generate in the video."},
  {"name":"resolution","required":false,"type":"string","enum":["768P","1080P"],"default":"768P","description":"The resolution of the generated video."},
  {"name":"duration","required":false,"type":"integer","enum":[6,10],"description":"The length of the output video in seconds."},
  {"name":"image_url","required":true,"type":"string","format":"uri","description":"The image to animate (its first frame).","media":{"medium":"image","dataUri":true,"formats":["image/jpeg","image/png"],"maxBytes":20971520,"minSidePx":300}},
  {"name":"duration","required":false,"type":"integer","enum":[4,8,12],"default":4,"description":"The length of the output video in seconds."},
  {"name":"lip_sync_tts_content","required":false,"type":"string"},
  {"name":"lip_sync_tts_speaker","required":false,"type":"string","enum":["Harper","Ava","Isabella","Sophia","Emily","Chloe","Julia","Mason","Jack","Liam","James","Oliver","Adrian","Ethan","Auto"]},
  {"name":"duration","required":false,"type":"integer","enum":[5,8,10],"default":5,"description":"The length of the output video in seconds."},
  {"name":"style","required":false,"type":"string","enum":["anime","3d_animation","clay","comic","cyberpunk"]},
  {"name":"generate_audio_switch","required":false,"type":"boolean","default":false},
  {"name":"generate_multi_clip_switch","required":false,"type":"boolean","default":false},
  {"name":"thinking_type","required":false,"type":"string","enum":["enabled","disabled","auto"],"default":"enabled"},
  {"name":"aspect_ratio","required":false,"type":"string","enum":["16:9","4:3","1:1","3:4","9:16"],"default":"16:9","description":"The aspect ratio of the generated video."},
  {"name":"duration","required":false,"type":"integer","enum":[5,8],"default":5,"description":"The length of the output video in seconds."},
  {"name":"tail_image_url","required":true,"type":"string","format":"uri","description":"The image the video ends on.","media":{"medium":"image","dataUri":true}},
  {"name":"character","required":true,"description":"The character to animate: an image or a video.","anyOf":[{"type":"object","properties":[{"name":"type","required":true,"type":"string","enum":["video"]},{"name":"url","required":true,"type":"string","format":"uri"}]},{"type":"object","properties":[{"name":"type","required":true,"type":"string","enum":["image"]},{"name":"url","required":true,"type":"string","format":"uri"}]}]},
  {"name":"reference","required":true,"type":"object","description":"The performance video the character follows.","properties":[{"name":"type","required":true,"type":"string","enum":["video"]},{"name":"url","required":true,"type":"string","format":"uri"}]},
  {"name":"frame_size","required":false,"type":"string","enum":["1280:720","720:1280","1104:832","832:1104","960:960","1584:672","848:480","640:480"],"default":"1280:720"},
  {"name":"body_control","required":false,"type":"boolean"},
  {"name":"expression_intensity","required":false,"type":"integer","default":3,"minimum":1,"maximum":5},
  {"name":"prompt","required":true,"type":"string","maxLength":1000,"description":"The text description of the scene, subject, or action to generate in the video."},
  {"name":"references","required":false,"type":"array","items":{"type":"object","properties":[{"name":"type","required":true,"type":"string","enum":["image"]},{"name":"url","required":true,"type":"string","format":"uri"}]}},
  {"name":"duration","required":false,"type":"number","enum":[5],"default":5,"description":"The length of the output video in seconds."},
  {"name":"aspect_ratio","required":false,"type":"string","enum":["16:9","9:16","4:3","3:4","1:1","21:9"],"default":"16:9","description":"The aspect ratio of the generated video."},
  {"name":"aspect_ratio","required":false,"type":"string","enum":["3:2","1:1","2:3"],"default":"3:2","description":"The aspect ratio of the generated video."},
  {"name":"negative_prompt","required":false,"type":"string","default":"noisy, harsh","description":"The description of elements to avoid in the generated video."},
  {"name":"guidance_scale","required":false,"type":"number","default":4.5,"description":"How closely the video follows the prompt."},
  {"name":"num_inference_steps","required":false,"type":"integer","default":50},
  {"name":"resolution","required":false,"type":"string","enum":["480p","720p"],"default":"480p","description":"The resolution of the generated video."},
  {"name":"person_generation","required":false,"type":"string","enum":["dont_allow","allow_adult"],"default":"allow_adult"},
  {"name":"duration","required":false,"type":"integer","enum":[5,6,7,8],"default":5,"description":"The length of the output video in seconds."},
  {"name":"reference_images","required":false,"type":"array","minItems":1,"maxItems":7,"description":"Reference images that guide the generation.","media":{"medium":"image","dataUri":false},"items":{"type":"string","format":"uri"}},
  {"name":"duration","required":false,"type":"integer","default":10,"minimum":1,"maximum":15,"description":"The length of the output video in seconds."},
  {"name":"aspect_ratio","required":false,"type":"string","enum":["1:1","16:9","9:16","4:3","3:4","3:2","2:3"],"default":"16:9","description":"The aspect ratio of the generated video."},
  {"name":"resolution","required":false,"type":"string","enum":["480p","720p","1080p"],"description":"The resolution of the generated video."},
] as const satisfies readonly ParameterInfo[];

/** Every model of the bundle, sorted by id. */
export const modelCatalog: readonly ModelInfo[] = [
{
  "id": "alibaba/happyhorse-1-0",
  "vendor": "Alibaba Cloud",
  "kind": "text-to-video",
  "inputs": [
    "text",
    "image",
    "video"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9]],
  "example": {
    "model": "alibaba/happyhorse-1-0",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 10,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "alibaba/happyhorse-1.1",
  "vendor": "Alibaba Cloud",
  "kind": "text-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[1], p[2], p[4], p[5], p[6], p[8], p[9]],
  "example": {
    "model": "alibaba/happyhorse-1.1",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 10,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "alibaba/wan-2-6-i2v",
  "vendor": "Alibaba Cloud",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image",
    "audio"
  ],
  "required": [
    "prompt",
    "image_url"
  ],
  "parameters": [p[0], p[10], p[11], p[5], p[12], p[13], p[14], p[15], p[8], p[16]],
  "example": {
    "model": "alibaba/wan-2-6-i2v",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "image_url": "https://example.com/image.png",
    "duration": 10
  }
},
{
  "id": "alibaba/wan-2-6-image-to-video-flash",
  "vendor": "Alibaba Cloud",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image",
    "audio"
  ],
  "required": [
    "prompt",
    "image_url"
  ],
  "parameters": [p[0], p[10], p[11], p[17], p[12], p[13], p[14], p[15], p[8], p[16]],
  "example": {
    "model": "alibaba/wan-2-6-image-to-video-flash",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "image_url": "https://example.com/image.png",
    "duration": 10
  }
},
{
  "id": "alibaba/wan-2-6-r2v",
  "vendor": "Alibaba Cloud",
  "kind": "video-to-video",
  "inputs": [
    "text",
    "video"
  ],
  "required": [
    "prompt",
    "video_urls"
  ],
  "parameters": [p[0], p[18], p[4], p[5], p[12], p[13], p[14], p[8], p[16]],
  "example": {
    "model": "alibaba/wan-2-6-r2v",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "video_urls": [
      "https://example.com/video.mp4"
    ],
    "duration": 10,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "alibaba/wan-2-6-t2v",
  "vendor": "Alibaba Cloud",
  "kind": "text-to-video",
  "inputs": [
    "text",
    "audio"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[11], p[4], p[5], p[12], p[13], p[14], p[15], p[8], p[16]],
  "example": {
    "model": "alibaba/wan-2-6-t2v",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 10,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "alibaba/wan-2-7-i2v",
  "vendor": "Alibaba Cloud",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image",
    "audio"
  ],
  "required": [
    "prompt",
    "image_url"
  ],
  "parameters": [p[0], p[10], p[11], p[5], p[12], p[19], p[16], p[20], p[8], p[9]],
  "example": {
    "model": "alibaba/wan-2-7-i2v",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "image_url": "https://example.com/image.png",
    "duration": 10
  }
},
{
  "id": "alibaba/wan-2-7-r2v",
  "vendor": "Alibaba Cloud",
  "kind": "text-to-video",
  "inputs": [
    "text",
    "image",
    "video"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[21], p[22], p[23], p[4], p[5], p[12], p[16], p[20], p[8], p[9]],
  "example": {
    "model": "alibaba/wan-2-7-r2v",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 10,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "alibaba/wan-2-7-t2v",
  "vendor": "Alibaba Cloud",
  "kind": "text-to-video",
  "inputs": [
    "text",
    "audio"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[11], p[4], p[5], p[12], p[13], p[14], p[15], p[8], p[16]],
  "example": {
    "model": "alibaba/wan-2-7-t2v",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 10,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "alibaba/wan2.1-t2v-plus",
  "vendor": "Alibaba Cloud",
  "kind": "text-to-video",
  "inputs": [
    "text"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[24], p[4], p[13], p[9], p[8], p[16]],
  "example": {
    "model": "alibaba/wan2.1-t2v-plus",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "aspect_ratio": "16:9"
  }
},
{
  "id": "alibaba/wan2.1-t2v-turbo",
  "vendor": "Alibaba Cloud",
  "kind": "text-to-video",
  "inputs": [
    "text"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[25], p[4], p[13], p[9], p[8], p[16]],
  "example": {
    "model": "alibaba/wan2.1-t2v-turbo",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "aspect_ratio": "16:9"
  }
},
{
  "id": "alibaba/wan2.2-14b-animate-move",
  "vendor": "Alibaba Cloud",
  "kind": "video-to-video",
  "inputs": [
    "image",
    "video"
  ],
  "required": [
    "video_url",
    "image_url"
  ],
  "parameters": [p[26], p[10], p[27], p[28], p[29], p[30], p[31], p[32]],
  "example": {
    "model": "alibaba/wan2.2-14b-animate-move",
    "video_url": "https://example.com/video.mp4",
    "image_url": "https://example.com/image.png"
  }
},
{
  "id": "alibaba/wan2.2-14b-animate-replace",
  "vendor": "Alibaba Cloud",
  "kind": "video-to-video",
  "inputs": [
    "image",
    "video"
  ],
  "required": [
    "video_url",
    "image_url"
  ],
  "parameters": [p[26], p[10], p[27], p[28], p[29], p[30], p[31], p[32]],
  "example": {
    "model": "alibaba/wan2.2-14b-animate-replace",
    "video_url": "https://example.com/video.mp4",
    "image_url": "https://example.com/image.png"
  }
},
{
  "id": "alibaba/wan2.2-i2v-plus",
  "vendor": "Alibaba Cloud",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "prompt",
    "image_url"
  ],
  "parameters": [p[0], p[10], p[33], p[13], p[9], p[8], p[16]],
  "example": {
    "model": "alibaba/wan2.2-i2v-plus",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "image_url": "https://example.com/image.png"
  }
},
{
  "id": "alibaba/wan2.2-t2v-plus",
  "vendor": "Alibaba Cloud",
  "kind": "text-to-video",
  "inputs": [
    "text"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[33], p[4], p[13], p[9], p[8], p[16]],
  "example": {
    "model": "alibaba/wan2.2-t2v-plus",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "aspect_ratio": "16:9"
  }
},
{
  "id": "alibaba/wan2.2-vace-fun-a14b-depth",
  "vendor": "Alibaba Cloud",
  "kind": "video-to-video",
  "inputs": [
    "text",
    "video"
  ],
  "required": [
    "prompt",
    "video_url"
  ],
  "parameters": [p[0], p[26], p[34], p[35], p[36], p[37], p[38], p[27], p[39], p[40], p[41], p[30], p[29], p[42], p[43], p[44], p[31], p[32], p[45], p[46], p[47], p[48], p[49], p[50]],
  "example": {
    "model": "alibaba/wan2.2-vace-fun-a14b-depth",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "video_url": "https://example.com/video.mp4",
    "aspect_ratio": "auto"
  }
},
{
  "id": "alibaba/wan2.2-vace-fun-a14b-inpainting",
  "vendor": "Alibaba Cloud",
  "kind": "video-to-video",
  "inputs": [
    "text",
    "image",
    "video"
  ],
  "required": [
    "prompt",
    "video_url"
  ],
  "parameters": [p[0], p[26], p[34], p[35], p[36], p[37], p[38], p[27], p[39], p[40], p[41], p[30], p[29], p[42], p[43], p[44], p[31], p[32], p[45], p[46], p[47], p[48], p[49], p[50], p[51], p[52]],
  "example": {
    "model": "alibaba/wan2.2-vace-fun-a14b-inpainting",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "video_url": "https://example.com/video.mp4",
    "aspect_ratio": "auto"
  }
},
{
  "id": "alibaba/wan2.2-vace-fun-a14b-outpainting",
  "vendor": "Alibaba Cloud",
  "kind": "video-to-video",
  "inputs": [
    "text",
    "video"
  ],
  "required": [
    "prompt",
    "video_url"
  ],
  "parameters": [p[0], p[26], p[34], p[35], p[36], p[37], p[38], p[27], p[39], p[40], p[41], p[30], p[29], p[42], p[43], p[44], p[31], p[32], p[45], p[46], p[47], p[48], p[49], p[50], p[53], p[54], p[55], p[56], p[57]],
  "example": {
    "model": "alibaba/wan2.2-vace-fun-a14b-outpainting",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "video_url": "https://example.com/video.mp4",
    "aspect_ratio": "auto"
  }
},
{
  "id": "alibaba/wan2.2-vace-fun-a14b-pose",
  "vendor": "Alibaba Cloud",
  "kind": "video-to-video",
  "inputs": [
    "text",
    "video"
  ],
  "required": [
    "prompt",
    "video_url"
  ],
  "parameters": [p[0], p[26], p[34], p[35], p[36], p[37], p[38], p[27], p[39], p[40], p[41], p[30], p[29], p[42], p[43], p[44], p[31], p[32], p[45], p[46], p[47], p[48], p[49], p[50]],
  "example": {
    "model": "alibaba/wan2.2-vace-fun-a14b-pose",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "video_url": "https://example.com/video.mp4",
    "aspect_ratio": "auto"
  }
},
{
  "id": "alibaba/wan2.2-vace-fun-a14b-reframe",
  "vendor": "Alibaba Cloud",
  "kind": "video-to-video",
  "inputs": [
    "text",
    "video"
  ],
  "required": [
    "video_url"
  ],
  "parameters": [p[58], p[26], p[34], p[35], p[36], p[37], p[38], p[27], p[39], p[40], p[41], p[30], p[29], p[42], p[43], p[44], p[31], p[32], p[45], p[46], p[47], p[48], p[49], p[50], p[59], p[60]],
  "example": {
    "model": "alibaba/wan2.2-vace-fun-a14b-reframe",
    "video_url": "https://example.com/video.mp4",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "aspect_ratio": "auto"
  }
},
{
  "id": "alibaba/wan2.5-i2v-preview",
  "vendor": "Alibaba Cloud",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "prompt",
    "image_url"
  ],
  "parameters": [p[0], p[10], p[61], p[62], p[63], p[13], p[8], p[16]],
  "example": {
    "model": "alibaba/wan2.5-i2v-preview",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "image_url": "https://example.com/image.png",
    "duration": 10,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "alibaba/wan2.5-t2v-preview",
  "vendor": "Alibaba Cloud",
  "kind": "text-to-video",
  "inputs": [
    "text"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[61], p[62], p[63], p[13], p[8], p[16]],
  "example": {
    "model": "alibaba/wan2.5-t2v-preview",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 10,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "beeble/switchx-video-to-video",
  "vendor": "Beeble",
  "kind": "video-to-video",
  "inputs": [
    "text",
    "image",
    "video"
  ],
  "required": [
    "video_url"
  ],
  "parameters": [p[64], p[65], p[66], p[67], p[68], p[69], p[70], p[71]],
  "example": {
    "model": "beeble/switchx-video-to-video",
    "video_url": "https://example.com/video.mp4",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting"
  }
},
{
  "id": "blackforestlabs/flux-3-video-draft-i2v",
  "vendor": "Black Forest Labs",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "prompt",
    "image_url"
  ],
  "parameters": [p[72], p[73], p[74], p[15], p[75], p[76], p[77], p[78], p[79]],
  "example": {
    "model": "blackforestlabs/flux-3-video-draft-i2v",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "image_url": "https://example.com/image.png",
    "duration": 5,
    "aspect_ratio": "auto"
  }
},
{
  "id": "blackforestlabs/flux-3-video-draft-t2v",
  "vendor": "Black Forest Labs",
  "kind": "text-to-video",
  "inputs": [
    "text"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[72], p[73], p[74], p[15], p[75], p[79]],
  "example": {
    "model": "blackforestlabs/flux-3-video-draft-t2v",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5,
    "aspect_ratio": "auto"
  }
},
{
  "id": "blackforestlabs/flux-3-video-draft-v2v",
  "vendor": "Black Forest Labs",
  "kind": "video-to-video",
  "inputs": [
    "text",
    "video"
  ],
  "required": [
    "prompt",
    "video_url"
  ],
  "parameters": [p[72], p[73], p[74], p[15], p[75], p[80], p[79]],
  "example": {
    "model": "blackforestlabs/flux-3-video-draft-v2v",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "video_url": "https://example.com/video.mp4",
    "duration": 5,
    "aspect_ratio": "auto"
  }
},
{
  "id": "blackforestlabs/flux-3-video-i2v",
  "vendor": "Black Forest Labs",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "prompt",
    "image_url"
  ],
  "parameters": [p[72], p[73], p[74], p[15], p[75], p[76], p[77], p[78], p[81]],
  "example": {
    "model": "blackforestlabs/flux-3-video-i2v",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "image_url": "https://example.com/image.png",
    "duration": 5,
    "aspect_ratio": "auto"
  }
},
{
  "id": "blackforestlabs/flux-3-video-t2v",
  "vendor": "Black Forest Labs",
  "kind": "text-to-video",
  "inputs": [
    "text"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[72], p[73], p[74], p[15], p[75], p[81]],
  "example": {
    "model": "blackforestlabs/flux-3-video-t2v",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5,
    "aspect_ratio": "auto"
  }
},
{
  "id": "blackforestlabs/flux-3-video-v2v",
  "vendor": "Black Forest Labs",
  "kind": "video-to-video",
  "inputs": [
    "text",
    "video"
  ],
  "required": [
    "prompt",
    "video_url"
  ],
  "parameters": [p[72], p[73], p[74], p[15], p[75], p[80], p[81]],
  "example": {
    "model": "blackforestlabs/flux-3-video-v2v",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "video_url": "https://example.com/video.mp4",
    "duration": 5,
    "aspect_ratio": "auto"
  }
},
{
  "id": "bytedance/dreamina-seedance-2-0-mini",
  "vendor": "ByteDance",
  "kind": "text-to-video",
  "inputs": [
    "text",
    "image",
    "video",
    "audio"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[82], p[0], p[1], p[83], p[84], p[85], p[86], p[87], p[88], p[89], p[90], p[91], p[15], p[8], p[9]],
  "example": {
    "model": "bytedance/dreamina-seedance-2-0-mini",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "bytedance/dreamina-seedance-2-5",
  "vendor": "ByteDance",
  "kind": "text-to-video",
  "inputs": [
    "text",
    "image",
    "video",
    "audio"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[82], p[0], p[1], p[83], p[84], p[85], p[86], p[87], p[88], p[89], p[90], p[92], p[15], p[8], p[9]],
  "example": {
    "model": "bytedance/dreamina-seedance-2-5",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "bytedance/omnihuman",
  "vendor": "ByteDance",
  "kind": "image-to-video",
  "inputs": [
    "image",
    "audio"
  ],
  "required": [
    "image_url",
    "audio_url"
  ],
  "parameters": [p[10], p[93]],
  "example": {
    "model": "bytedance/omnihuman",
    "image_url": "https://example.com/image.png",
    "audio_url": "https://example.com/audio.mp3"
  }
},
{
  "id": "bytedance/omnihuman/v1.5",
  "vendor": "ByteDance",
  "kind": "image-to-video",
  "inputs": [
    "image",
    "audio"
  ],
  "required": [
    "image_url",
    "audio_url"
  ],
  "parameters": [p[10], p[93]],
  "example": {
    "model": "bytedance/omnihuman/v1.5",
    "image_url": "https://example.com/image.png",
    "audio_url": "https://example.com/audio.mp3"
  }
},
{
  "id": "bytedance/seedance-1-0-lite-i2v",
  "vendor": "ByteDance",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "image_url",
    "prompt"
  ],
  "parameters": [p[10], p[0], p[61], p[94], p[9], p[8], p[95]],
  "example": {
    "model": "bytedance/seedance-1-0-lite-i2v",
    "image_url": "https://example.com/image.png",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5
  }
},
{
  "id": "bytedance/seedance-1-0-lite-t2v",
  "vendor": "ByteDance",
  "kind": "text-to-video",
  "inputs": [
    "text"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[61], p[94], p[9], p[8], p[95], p[96]],
  "example": {
    "model": "bytedance/seedance-1-0-lite-t2v",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "bytedance/seedance-1-0-pro-fast",
  "vendor": "ByteDance",
  "kind": "text-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[1], p[0], p[61], p[94], p[9], p[8], p[95], p[83]],
  "example": {
    "model": "bytedance/seedance-1-0-pro-fast",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5
  }
},
{
  "id": "bytedance/seedance-1-0-pro-i2v",
  "vendor": "ByteDance",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[1], p[0], p[61], p[94], p[9], p[8], p[95], p[83]],
  "example": {
    "model": "bytedance/seedance-1-0-pro-i2v",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5
  }
},
{
  "id": "bytedance/seedance-1-0-pro-t2v",
  "vendor": "ByteDance",
  "kind": "text-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[1], p[0], p[61], p[94], p[9], p[8], p[95], p[83]],
  "example": {
    "model": "bytedance/seedance-1-0-pro-t2v",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5
  }
},
{
  "id": "bytedance/seedance-1-5-pro",
  "vendor": "ByteDance",
  "kind": "text-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[1], p[83], p[97], p[98], p[99], p[100], p[101], p[9], p[15]],
  "example": {
    "model": "bytedance/seedance-1-5-pro",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 4,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "bytedance/seedance-2-0",
  "vendor": "ByteDance",
  "kind": "text-to-video",
  "inputs": [
    "text",
    "image",
    "video",
    "audio"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[1], p[83], p[84], p[85], p[86], p[87], p[88], p[89], p[102], p[91], p[15], p[8], p[9], p[82]],
  "example": {
    "model": "bytedance/seedance-2-0",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "bytedance/seedance-2-0-fast",
  "vendor": "ByteDance",
  "kind": "text-to-video",
  "inputs": [
    "text",
    "image",
    "video",
    "audio"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[1], p[83], p[86], p[87], p[88], p[89], p[90], p[103], p[15], p[8], p[82]],
  "example": {
    "model": "bytedance/seedance-2-0-fast",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 8,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "bytedance/seedance-2-5",
  "vendor": "ByteDance",
  "kind": "text-to-video",
  "inputs": [
    "text",
    "image",
    "video",
    "audio"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[82], p[0], p[1], p[83], p[84], p[85], p[86], p[87], p[88], p[89], p[90], p[92], p[15], p[8], p[9]],
  "example": {
    "model": "bytedance/seedance-2-5",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "gen3a_turbo",
  "vendor": "Runway",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "image_url"
  ],
  "parameters": [p[104], p[10], p[105], p[106], p[107], p[70]],
  "example": {
    "model": "gen3a_turbo",
    "image_url": "https://example.com/image.png",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "google/gemini-omni-flash-preview",
  "vendor": "Google",
  "kind": "text-to-video",
  "inputs": [
    "text",
    "image",
    "video",
    "audio"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[72], p[1], p[108], p[3], p[109], p[110], p[111], p[112], p[113], p[114]],
  "example": {
    "model": "google/gemini-omni-flash-preview",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 8,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "google/veo-3-1-lite-generate-preview",
  "vendor": "Google",
  "kind": "text-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[1], p[83], p[112], p[5], p[115], p[15], p[82]],
  "example": {
    "model": "google/veo-3-1-lite-generate-preview",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 8,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "google/veo-3.0-fast",
  "vendor": "Google",
  "kind": "text-to-video",
  "inputs": [
    "text"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[115], p[112], p[116], p[13], p[8], p[16], p[15]],
  "example": {
    "model": "google/veo-3.0-fast",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 8,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "google/veo-3.0-i2v",
  "vendor": "Google",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "prompt",
    "image_url"
  ],
  "parameters": [p[0], p[10], p[115], p[112], p[116], p[13], p[8], p[16], p[15]],
  "example": {
    "model": "google/veo-3.0-i2v",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "image_url": "https://example.com/image.png",
    "duration": 8,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "google/veo-3.0-i2v-fast",
  "vendor": "Google",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "prompt",
    "image_url"
  ],
  "parameters": [p[0], p[10], p[115], p[112], p[116], p[13], p[8], p[16], p[15]],
  "example": {
    "model": "google/veo-3.0-i2v-fast",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "image_url": "https://example.com/image.png",
    "duration": 8,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "google/veo-3.1-first-last-image-to-video",
  "vendor": "Google",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "prompt",
    "image_url",
    "last_image_url"
  ],
  "parameters": [p[0], p[76], p[117], p[112], p[115], p[5], p[15], p[82]],
  "example": {
    "model": "google/veo-3.1-first-last-image-to-video",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "image_url": "https://example.com/image.png",
    "last_image_url": "https://example.com/last_image.png",
    "duration": 8,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "google/veo-3.1-first-last-image-to-video-fast",
  "vendor": "Google",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "prompt",
    "image_url",
    "last_image_url"
  ],
  "parameters": [p[0], p[76], p[117], p[112], p[115], p[5], p[15], p[82]],
  "example": {
    "model": "google/veo-3.1-first-last-image-to-video-fast",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "image_url": "https://example.com/image.png",
    "last_image_url": "https://example.com/last_image.png",
    "duration": 8,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "google/veo-3.1-i2v",
  "vendor": "Google",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "prompt",
    "image_url"
  ],
  "parameters": [p[0], p[76], p[112], p[115], p[5], p[15], p[82]],
  "example": {
    "model": "google/veo-3.1-i2v",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "image_url": "https://example.com/image.png",
    "duration": 8,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "google/veo-3.1-i2v-fast",
  "vendor": "Google",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "prompt",
    "image_url"
  ],
  "parameters": [p[0], p[76], p[112], p[115], p[5], p[15], p[82]],
  "example": {
    "model": "google/veo-3.1-i2v-fast",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "image_url": "https://example.com/image.png",
    "duration": 8,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "google/veo-3.1-reference-to-video",
  "vendor": "Google",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "prompt",
    "image_urls"
  ],
  "parameters": [p[0], p[118], p[119], p[5], p[15], p[82]],
  "example": {
    "model": "google/veo-3.1-reference-to-video",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "image_urls": [
      "https://example.com/image.png"
    ],
    "duration": 8
  }
},
{
  "id": "google/veo-3.1-t2v",
  "vendor": "Google",
  "kind": "text-to-video",
  "inputs": [
    "text"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[112], p[115], p[5], p[15], p[8], p[120], p[13], p[16], p[82]],
  "example": {
    "model": "google/veo-3.1-t2v",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 8,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "google/veo-3.1-t2v-fast",
  "vendor": "Google",
  "kind": "text-to-video",
  "inputs": [
    "text"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[112], p[115], p[5], p[15], p[8], p[120], p[13], p[16], p[82]],
  "example": {
    "model": "google/veo-3.1-t2v-fast",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 8,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "google/veo3",
  "vendor": "Google",
  "kind": "text-to-video",
  "inputs": [
    "text"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[115], p[112], p[116], p[13], p[8], p[16], p[15]],
  "example": {
    "model": "google/veo3",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 8,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "google/veo3-1-extend-video",
  "vendor": "Google",
  "kind": "video-to-video",
  "inputs": [
    "text",
    "video"
  ],
  "required": [
    "prompt",
    "video_url"
  ],
  "parameters": [p[0], p[26], p[121], p[122], p[123], p[15], p[124], p[82]],
  "example": {
    "model": "google/veo3-1-extend-video",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "video_url": "https://example.com/video.mp4",
    "duration": 7,
    "aspect_ratio": "auto"
  }
},
{
  "id": "google/veo3-1-fast-extend-video",
  "vendor": "Google",
  "kind": "video-to-video",
  "inputs": [
    "text",
    "video"
  ],
  "required": [
    "prompt",
    "video_url"
  ],
  "parameters": [p[0], p[26], p[121], p[122], p[123], p[15], p[124], p[82]],
  "example": {
    "model": "google/veo3-1-fast-extend-video",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "video_url": "https://example.com/video.mp4",
    "duration": 7,
    "aspect_ratio": "auto"
  }
},
{
  "id": "kling-video/v1.5/pro/image-to-video",
  "vendor": "Kling AI",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "image_url"
  ],
  "parameters": [p[10], p[58], p[105], p[107], p[13], p[125], p[126], p[127], p[128]],
  "example": {
    "model": "kling-video/v1.5/pro/image-to-video",
    "image_url": "https://example.com/image.png",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5
  }
},
{
  "id": "kling-video/v1.5/pro/text-to-video",
  "vendor": "Kling AI",
  "kind": "text-to-video",
  "inputs": [
    "text"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[62], p[94], p[13], p[125], p[129], p[130]],
  "example": {
    "model": "kling-video/v1.5/pro/text-to-video",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "kling-video/v1.5/standard/image-to-video",
  "vendor": "Kling AI",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "image_url"
  ],
  "parameters": [p[10], p[58], p[105], p[107], p[13], p[125], p[126], p[127], p[128]],
  "example": {
    "model": "kling-video/v1.5/standard/image-to-video",
    "image_url": "https://example.com/image.png",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5
  }
},
{
  "id": "kling-video/v1.6/pro/image-to-video",
  "vendor": "Kling AI",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "image_url"
  ],
  "parameters": [p[10], p[58], p[105], p[107], p[13], p[125], p[126], p[127], p[128]],
  "example": {
    "model": "kling-video/v1.6/pro/image-to-video",
    "image_url": "https://example.com/image.png",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5
  }
},
{
  "id": "kling-video/v1.6/pro/text-to-video",
  "vendor": "Kling AI",
  "kind": "text-to-video",
  "inputs": [
    "text"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[62], p[94], p[13], p[125], p[129], p[130]],
  "example": {
    "model": "kling-video/v1.6/pro/text-to-video",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "kling-video/v1.6/standard/image-to-video",
  "vendor": "Kling AI",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "image_url",
    "prompt"
  ],
  "parameters": [p[10], p[0], p[107], p[13], p[125], p[82]],
  "example": {
    "model": "kling-video/v1.6/standard/image-to-video",
    "image_url": "https://example.com/image.png",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5
  }
},
{
  "id": "kling-video/v1.6/standard/multi-image-to-video",
  "vendor": "Kling AI",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "image_list"
  ],
  "parameters": [p[131], p[58], p[62], p[107], p[13]],
  "example": {
    "model": "kling-video/v1.6/standard/multi-image-to-video",
    "image_list": [
      "https://example.com/image.png",
      "https://example.com/image.png"
    ],
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "kling-video/v1.6/standard/text-to-video",
  "vendor": "Kling AI",
  "kind": "text-to-video",
  "inputs": [
    "text"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[107], p[13], p[125], p[132], p[82]],
  "example": {
    "model": "kling-video/v1.6/standard/text-to-video",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "kling-video/v1/pro/image-to-video",
  "vendor": "Kling AI",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "image_url"
  ],
  "parameters": [p[10], p[58], p[105], p[107], p[13], p[125], p[126], p[127], p[128]],
  "example": {
    "model": "kling-video/v1/pro/image-to-video",
    "image_url": "https://example.com/image.png",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5
  }
},
{
  "id": "kling-video/v1/pro/text-to-video",
  "vendor": "Kling AI",
  "kind": "text-to-video",
  "inputs": [
    "text"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[62], p[94], p[13], p[125], p[129], p[130]],
  "example": {
    "model": "kling-video/v1/pro/text-to-video",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "kling-video/v1/standard/image-to-video",
  "vendor": "Kling AI",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "image_url"
  ],
  "parameters": [p[10], p[58], p[105], p[107], p[13], p[125], p[126], p[127], p[128]],
  "example": {
    "model": "kling-video/v1/standard/image-to-video",
    "image_url": "https://example.com/image.png",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5
  }
},
{
  "id": "kling-video/v1/standard/text-to-video",
  "vendor": "Kling AI",
  "kind": "text-to-video",
  "inputs": [
    "text"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[62], p[94], p[13], p[133], p[134], p[135]],
  "example": {
    "model": "kling-video/v1/standard/text-to-video",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "kling-video/v2.1/pro/image-to-video",
  "vendor": "Kling AI",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "image_url"
  ],
  "parameters": [p[10], p[58], p[107], p[13], p[125], p[126], p[127], p[128]],
  "example": {
    "model": "kling-video/v2.1/pro/image-to-video",
    "image_url": "https://example.com/image.png",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5
  }
},
{
  "id": "kling-video/v2.1/standard/image-to-video",
  "vendor": "Kling AI",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "image_url"
  ],
  "parameters": [p[10], p[58], p[107], p[13], p[125], p[126], p[127], p[128]],
  "example": {
    "model": "kling-video/v2.1/standard/image-to-video",
    "image_url": "https://example.com/image.png",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5
  }
},
{
  "id": "klingai/avatar-pro",
  "vendor": "Kling AI",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image",
    "audio"
  ],
  "required": [
    "image_url",
    "audio_url"
  ],
  "parameters": [p[10], p[136], p[137], p[82]],
  "example": {
    "model": "klingai/avatar-pro",
    "image_url": "https://example.com/image.png",
    "audio_url": "https://example.com/voice.mp3",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting"
  }
},
{
  "id": "klingai/avatar-standard",
  "vendor": "Kling AI",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image",
    "audio"
  ],
  "required": [
    "image_url",
    "audio_url"
  ],
  "parameters": [p[10], p[136], p[137], p[82]],
  "example": {
    "model": "klingai/avatar-standard",
    "image_url": "https://example.com/image.png",
    "audio_url": "https://example.com/voice.mp3",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting"
  }
},
{
  "id": "klingai/kling-video-v1.6-pro-effects",
  "vendor": "Kling AI",
  "kind": "image-to-video",
  "inputs": [
    "image"
  ],
  "required": [
    "image_url",
    "effect_scene"
  ],
  "parameters": [p[138], p[139], p[107]],
  "example": {
    "model": "klingai/kling-video-v1.6-pro-effects",
    "image_url": "https://example.com/image.png",
    "effect_scene": "magic_fireball",
    "duration": 5
  }
},
{
  "id": "klingai/kling-video-v1.6-standard-effects",
  "vendor": "Kling AI",
  "kind": "image-to-video",
  "inputs": [
    "image"
  ],
  "required": [
    "image_url",
    "effect_scene"
  ],
  "parameters": [p[138], p[139], p[107]],
  "example": {
    "model": "klingai/kling-video-v1.6-standard-effects",
    "image_url": "https://example.com/image.png",
    "effect_scene": "magic_fireball",
    "duration": 5
  }
},
{
  "id": "klingai/v2-master-image-to-video",
  "vendor": "Kling AI",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "image_url"
  ],
  "parameters": [p[10], p[58], p[107], p[13], p[125], p[126], p[127], p[128], p[82]],
  "example": {
    "model": "klingai/v2-master-image-to-video",
    "image_url": "https://example.com/image.png",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5
  }
},
{
  "id": "klingai/v2-master-text-to-video",
  "vendor": "Kling AI",
  "kind": "text-to-video",
  "inputs": [
    "text"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[62], p[94], p[13], p[125], p[129], p[130], p[82]],
  "example": {
    "model": "klingai/v2-master-text-to-video",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "klingai/v2.1-master-image-to-video",
  "vendor": "Kling AI",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "image_url"
  ],
  "parameters": [p[10], p[58], p[107], p[13], p[125], p[126], p[127], p[128], p[82]],
  "example": {
    "model": "klingai/v2.1-master-image-to-video",
    "image_url": "https://example.com/image.png",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5
  }
},
{
  "id": "klingai/v2.1-master-text-to-video",
  "vendor": "Kling AI",
  "kind": "text-to-video",
  "inputs": [
    "text"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[62], p[94], p[13], p[125], p[129], p[130], p[82]],
  "example": {
    "model": "klingai/v2.1-master-text-to-video",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "klingai/v2.5-turbo/pro/image-to-video",
  "vendor": "Kling AI",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "image_url",
    "prompt"
  ],
  "parameters": [p[10], p[0], p[107], p[13], p[125], p[82]],
  "example": {
    "model": "klingai/v2.5-turbo/pro/image-to-video",
    "image_url": "https://example.com/image.png",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5
  }
},
{
  "id": "klingai/v2.5-turbo/pro/text-to-video",
  "vendor": "Kling AI",
  "kind": "text-to-video",
  "inputs": [
    "text"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[107], p[13], p[125], p[132], p[82]],
  "example": {
    "model": "klingai/v2.5-turbo/pro/text-to-video",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "klingai/video-o1-image-to-video",
  "vendor": "Kling AI",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "prompt",
    "image_url"
  ],
  "parameters": [p[140], p[10], p[83], p[107], p[82]],
  "example": {
    "model": "klingai/video-o1-image-to-video",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "image_url": "https://example.com/image.png",
    "duration": 5
  }
},
{
  "id": "klingai/video-o1-reference-to-video",
  "vendor": "Kling AI",
  "kind": "text-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[140], p[141], p[142], p[62], p[107], p[82]],
  "example": {
    "model": "klingai/video-o1-reference-to-video",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "klingai/video-o1-video-to-video-edit",
  "vendor": "Kling AI",
  "kind": "video-to-video",
  "inputs": [
    "text",
    "image",
    "video"
  ],
  "required": [
    "prompt",
    "video_url"
  ],
  "parameters": [p[140], p[26], p[141], p[142], p[143], p[82]],
  "example": {
    "model": "klingai/video-o1-video-to-video-edit",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "video_url": "https://example.com/video.mp4"
  }
},
{
  "id": "klingai/video-o1-video-to-video-reference",
  "vendor": "Kling AI",
  "kind": "video-to-video",
  "inputs": [
    "text",
    "image",
    "video"
  ],
  "required": [
    "prompt",
    "video_url"
  ],
  "parameters": [p[140], p[26], p[144], p[62], p[107], p[142], p[143], p[82]],
  "example": {
    "model": "klingai/video-o1-video-to-video-reference",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "video_url": "https://example.com/video.mp4",
    "duration": 5,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "klingai/video-v2-6-motion-control",
  "vendor": "Kling AI",
  "kind": "video-to-video",
  "inputs": [
    "text",
    "image",
    "video"
  ],
  "required": [
    "image_url",
    "video_url"
  ],
  "parameters": [p[58], p[10], p[26], p[145], p[146], p[147]],
  "example": {
    "model": "klingai/video-v2-6-motion-control",
    "image_url": "https://example.com/image.png",
    "video_url": "https://example.com/video.mp4",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting"
  }
},
{
  "id": "klingai/video-v2-6-pro-image-to-video",
  "vendor": "Kling AI",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "prompt",
    "image_url"
  ],
  "parameters": [p[140], p[10], p[107], p[13], p[15], p[82]],
  "example": {
    "model": "klingai/video-v2-6-pro-image-to-video",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "image_url": "https://example.com/image.png",
    "duration": 5
  }
},
{
  "id": "klingai/video-v2-6-pro-text-to-video",
  "vendor": "Kling AI",
  "kind": "text-to-video",
  "inputs": [
    "text"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[140], p[132], p[107], p[13], p[125], p[15], p[82]],
  "example": {
    "model": "klingai/video-v2-6-pro-text-to-video",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "klingai/video-v3-motion-control",
  "vendor": "Kling AI",
  "kind": "video-to-video",
  "inputs": [
    "text",
    "image",
    "video"
  ],
  "required": [
    "image_url",
    "video_url"
  ],
  "parameters": [p[58], p[10], p[26], p[145], p[146], p[147]],
  "example": {
    "model": "klingai/video-v3-motion-control",
    "image_url": "https://example.com/image.png",
    "video_url": "https://example.com/video.mp4",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting"
  }
},
{
  "id": "klingai/video-v3-omni-1080p-image-to-video",
  "vendor": "Kling AI",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image",
    "video"
  ],
  "required": [
    "image_url"
  ],
  "parameters": [p[58], p[82], p[148], p[10], p[149], p[150], p[151], p[152], p[15], p[13], p[125]],
  "example": {
    "model": "klingai/video-v3-omni-1080p-image-to-video",
    "image_url": "https://example.com/image.png",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5
  }
},
{
  "id": "klingai/video-v3-omni-1080p-text-to-video",
  "vendor": "Kling AI",
  "kind": "text-to-video",
  "inputs": [
    "text"
  ],
  "required": [],
  "parameters": [p[58], p[82], p[148], p[62], p[150], p[152], p[15], p[13], p[125]],
  "example": {
    "model": "klingai/video-v3-omni-1080p-text-to-video",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "klingai/video-v3-omni-720p-image-to-video",
  "vendor": "Kling AI",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image",
    "video"
  ],
  "required": [
    "image_url"
  ],
  "parameters": [p[58], p[82], p[148], p[10], p[149], p[150], p[151], p[152], p[15], p[13], p[125]],
  "example": {
    "model": "klingai/video-v3-omni-720p-image-to-video",
    "image_url": "https://example.com/image.png",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5
  }
},
{
  "id": "klingai/video-v3-omni-720p-text-to-video",
  "vendor": "Kling AI",
  "kind": "text-to-video",
  "inputs": [
    "text"
  ],
  "required": [],
  "parameters": [p[58], p[82], p[148], p[62], p[150], p[152], p[15], p[13], p[125]],
  "example": {
    "model": "klingai/video-v3-omni-720p-text-to-video",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "klingai/video-v3-pro-image-to-video",
  "vendor": "Kling AI",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image",
    "video"
  ],
  "required": [
    "image_url"
  ],
  "parameters": [p[58], p[148], p[10], p[105], p[150], p[151], p[153], p[15], p[13], p[125], p[82]],
  "example": {
    "model": "klingai/video-v3-pro-image-to-video",
    "image_url": "https://example.com/image.png",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5
  }
},
{
  "id": "klingai/video-v3-pro-text-to-video",
  "vendor": "Kling AI",
  "kind": "text-to-video",
  "inputs": [
    "text"
  ],
  "required": [],
  "parameters": [p[58], p[148], p[62], p[150], p[153], p[15], p[13], p[125], p[82]],
  "example": {
    "model": "klingai/video-v3-pro-text-to-video",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "klingai/video-v3-standard-image-to-video",
  "vendor": "Kling AI",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image",
    "video"
  ],
  "required": [
    "image_url"
  ],
  "parameters": [p[58], p[148], p[10], p[105], p[150], p[151], p[153], p[15], p[13], p[125], p[82]],
  "example": {
    "model": "klingai/video-v3-standard-image-to-video",
    "image_url": "https://example.com/image.png",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5
  }
},
{
  "id": "klingai/video-v3-standard-text-to-video",
  "vendor": "Kling AI",
  "kind": "text-to-video",
  "inputs": [
    "text"
  ],
  "required": [],
  "parameters": [p[58], p[148], p[62], p[150], p[153], p[15], p[13], p[125], p[82]],
  "example": {
    "model": "klingai/video-v3-standard-text-to-video",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "klingai/video-v3-standard-turbo-image-to-video",
  "vendor": "Kling AI",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "image_url"
  ],
  "parameters": [p[154], p[155], p[150], p[156]],
  "example": {
    "model": "klingai/video-v3-standard-turbo-image-to-video",
    "image_url": "https://example.com/image.png",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5
  }
},
{
  "id": "klingai/video-v3-standard-turbo-text-to-video",
  "vendor": "Kling AI",
  "kind": "text-to-video",
  "inputs": [
    "text"
  ],
  "required": [],
  "parameters": [p[154], p[155], p[150], p[62]],
  "example": {
    "model": "klingai/video-v3-standard-turbo-text-to-video",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "klingai/video-v3-turbo-pro-image-to-video",
  "vendor": "Kling AI",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "image_url"
  ],
  "parameters": [p[154], p[155], p[150], p[156]],
  "example": {
    "model": "klingai/video-v3-turbo-pro-image-to-video",
    "image_url": "https://example.com/image.png",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5
  }
},
{
  "id": "klingai/video-v3-turbo-pro-text-to-video",
  "vendor": "Kling AI",
  "kind": "text-to-video",
  "inputs": [
    "text"
  ],
  "required": [],
  "parameters": [p[154], p[155], p[150], p[62]],
  "example": {
    "model": "klingai/video-v3-turbo-pro-text-to-video",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "krea/krea-wan-14b/text-to-video",
  "vendor": "Krea",
  "kind": "text-to-video",
  "inputs": [
    "text"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[157], p[19], p[8]],
  "example": {
    "model": "krea/krea-wan-14b/text-to-video",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting"
  }
},
{
  "id": "krea/krea-wan-14b/video-to-video",
  "vendor": "Krea",
  "kind": "video-to-video",
  "inputs": [
    "text",
    "video"
  ],
  "required": [
    "prompt",
    "video_url"
  ],
  "parameters": [p[0], p[26], p[158], p[19], p[8]],
  "example": {
    "model": "krea/krea-wan-14b/video-to-video",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "video_url": "https://example.com/video.mp4"
  }
},
{
  "id": "ltxv/ltxv-2",
  "vendor": "Lightricks",
  "kind": "text-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[1], p[159], p[160], p[161], p[162], p[15]],
  "example": {
    "model": "ltxv/ltxv-2",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 6,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "ltxv/ltxv-2-fast",
  "vendor": "Lightricks",
  "kind": "text-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[1], p[159], p[160], p[161], p[162], p[15]],
  "example": {
    "model": "ltxv/ltxv-2-fast",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 6,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "luma/ray-1-6",
  "vendor": "Luma AI",
  "kind": "text-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[163], p[164], p[165]],
  "example": {
    "model": "luma/ray-1-6",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "aspect_ratio": "16:9"
  }
},
{
  "id": "luma/ray-2",
  "vendor": "Luma AI",
  "kind": "text-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[166], p[163], p[167], p[164], p[165]],
  "example": {
    "model": "luma/ray-2",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "luma/ray-3.2",
  "vendor": "Luma AI",
  "kind": "text-to-video",
  "inputs": [
    "text",
    "image",
    "video"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[168], p[169], p[107], p[170], p[165], p[171], p[172], p[173], p[77], p[174]],
  "example": {
    "model": "luma/ray-3.2",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "luma/ray-flash-2",
  "vendor": "Luma AI",
  "kind": "text-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[166], p[163], p[167], p[164], p[165]],
  "example": {
    "model": "luma/ray-flash-2",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "magic/image-to-video",
  "vendor": "Magic",
  "kind": "image-to-video",
  "inputs": [
    "image"
  ],
  "required": [
    "image_url"
  ],
  "parameters": [p[10], p[175]],
  "example": {
    "model": "magic/image-to-video",
    "image_url": "https://example.com/image.png"
  }
},
{
  "id": "magic/text-to-video",
  "vendor": "Magic",
  "kind": "text-to-video",
  "inputs": [
    "text"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[176]],
  "example": {
    "model": "magic/text-to-video",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting"
  }
},
{
  "id": "magic/video-to-video",
  "vendor": "Magic",
  "kind": "video-to-video",
  "inputs": [
    "video"
  ],
  "required": [
    "video_url"
  ],
  "parameters": [p[26], p[177]],
  "example": {
    "model": "magic/video-to-video",
    "video_url": "https://example.com/video.mp4"
  }
},
{
  "id": "minimax/h3",
  "vendor": "MiniMax",
  "kind": "text-to-video",
  "inputs": [
    "text",
    "image",
    "video",
    "audio"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[178], p[179], p[83], p[2], p[180], p[181], p[182], p[183], p[184]],
  "example": {
    "model": "minimax/h3",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 6
  }
},
{
  "id": "minimax/hailuo-02",
  "vendor": "MiniMax",
  "kind": "text-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[185], p[179], p[83], p[186], p[187], p[16]],
  "example": {
    "model": "minimax/hailuo-02",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 6
  }
},
{
  "id": "minimax/hailuo-2.3",
  "vendor": "MiniMax",
  "kind": "text-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[185], p[179], p[186], p[187], p[16]],
  "example": {
    "model": "minimax/hailuo-2.3",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 6
  }
},
{
  "id": "minimax/hailuo-2.3-fast",
  "vendor": "MiniMax",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "prompt",
    "image_url"
  ],
  "parameters": [p[185], p[188], p[186], p[187], p[16]],
  "example": {
    "model": "minimax/hailuo-2.3-fast",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "image_url": "https://example.com/image.png",
    "duration": 6
  }
},
{
  "id": "openai/sora-2-i2v",
  "vendor": "OpenAI",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "prompt",
    "image_url"
  ],
  "parameters": [p[0], p[10], p[123], p[106], p[189]],
  "example": {
    "model": "openai/sora-2-i2v",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "image_url": "https://example.com/image.png",
    "duration": 4,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "openai/sora-2-pro-i2v",
  "vendor": "OpenAI",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "prompt",
    "image_url"
  ],
  "parameters": [p[0], p[10], p[5], p[106], p[189]],
  "example": {
    "model": "openai/sora-2-pro-i2v",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "image_url": "https://example.com/image.png",
    "duration": 4,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "openai/sora-2-pro-t2v",
  "vendor": "OpenAI",
  "kind": "text-to-video",
  "inputs": [
    "text"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[5], p[106], p[189]],
  "example": {
    "model": "openai/sora-2-pro-t2v",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 4,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "openai/sora-2-t2v",
  "vendor": "OpenAI",
  "kind": "text-to-video",
  "inputs": [
    "text"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[123], p[106], p[189]],
  "example": {
    "model": "openai/sora-2-t2v",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 4,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "pixverse/lip-sync",
  "vendor": "PixVerse",
  "kind": "video-to-video",
  "inputs": [
    "video",
    "audio"
  ],
  "required": [
    "video_url"
  ],
  "parameters": [p[26], p[109], p[190], p[191]],
  "example": {
    "model": "pixverse/lip-sync",
    "video_url": "https://example.com/video.mp4"
  }
},
{
  "id": "pixverse/v5.5/image-to-video",
  "vendor": "PixVerse",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "prompt",
    "image_url"
  ],
  "parameters": [p[0], p[76], p[169], p[192], p[13], p[193], p[8], p[194], p[195], p[196]],
  "example": {
    "model": "pixverse/v5.5/image-to-video",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "image_url": "https://example.com/image.png",
    "duration": 5
  }
},
{
  "id": "pixverse/v5.5/text-to-video",
  "vendor": "PixVerse",
  "kind": "text-to-video",
  "inputs": [
    "text"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[197], p[169], p[192], p[13], p[193], p[8], p[194], p[195], p[196]],
  "example": {
    "model": "pixverse/v5.5/text-to-video",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "pixverse/v5/image-to-video",
  "vendor": "PixVerse",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "prompt",
    "image_url"
  ],
  "parameters": [p[0], p[76], p[169], p[198], p[13], p[193], p[8], p[190], p[191]],
  "example": {
    "model": "pixverse/v5/image-to-video",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "image_url": "https://example.com/image.png",
    "duration": 5
  }
},
{
  "id": "pixverse/v5/text-to-video",
  "vendor": "PixVerse",
  "kind": "text-to-video",
  "inputs": [
    "text"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[197], p[169], p[198], p[13], p[193], p[8], p[190], p[191]],
  "example": {
    "model": "pixverse/v5/text-to-video",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "pixverse/v5/transition",
  "vendor": "PixVerse",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "prompt",
    "image_url",
    "tail_image_url"
  ],
  "parameters": [p[0], p[76], p[199], p[169], p[198], p[13], p[193], p[8], p[190], p[191]],
  "example": {
    "model": "pixverse/v5/transition",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "image_url": "https://example.com/image.png",
    "tail_image_url": "https://example.com/tail_image.png",
    "duration": 5
  }
},
{
  "id": "runway/act_two",
  "vendor": "Runway",
  "kind": "video-to-video",
  "inputs": [
    "image",
    "video"
  ],
  "required": [
    "character",
    "reference"
  ],
  "parameters": [p[200], p[201], p[202], p[203], p[204], p[70]],
  "example": {
    "model": "runway/act_two",
    "character": {
      "type": "video",
      "url": "https://example.com/url.png"
    },
    "reference": {
      "type": "video",
      "url": "https://example.com/url.png"
    }
  }
},
{
  "id": "runway/gen4_aleph",
  "vendor": "Runway",
  "kind": "video-to-video",
  "inputs": [
    "text",
    "video"
  ],
  "required": [
    "prompt",
    "video_url"
  ],
  "parameters": [p[205], p[26], p[206], p[202], p[207], p[70]],
  "example": {
    "model": "runway/gen4_aleph",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "video_url": "https://example.com/video.mp4",
    "duration": 5
  }
},
{
  "id": "runway/gen4_turbo",
  "vendor": "Runway",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "image_url"
  ],
  "parameters": [p[104], p[10], p[105], p[208], p[107], p[70]],
  "example": {
    "model": "runway/gen4_turbo",
    "image_url": "https://example.com/image.png",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "sber-ai/kandinsky5-distill-t2v",
  "vendor": "Sber AI",
  "kind": "text-to-video",
  "inputs": [
    "text"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[209], p[107], p[40]],
  "example": {
    "model": "sber-ai/kandinsky5-distill-t2v",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5,
    "aspect_ratio": "3:2"
  }
},
{
  "id": "sber-ai/kandinsky5-t2v",
  "vendor": "Sber AI",
  "kind": "text-to-video",
  "inputs": [
    "text"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[209], p[107], p[40]],
  "example": {
    "model": "sber-ai/kandinsky5-t2v",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5,
    "aspect_ratio": "3:2"
  }
},
{
  "id": "tencent/hunyuan-video-foley",
  "vendor": "Tencent",
  "kind": "video-to-video",
  "inputs": [
    "text",
    "video"
  ],
  "required": [
    "video_url",
    "prompt"
  ],
  "parameters": [p[26], p[0], p[210], p[211], p[212], p[8]],
  "example": {
    "model": "tencent/hunyuan-video-foley",
    "video_url": "https://example.com/video.mp4",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting"
  }
},
{
  "id": "veed/fabric-1.0",
  "vendor": "VEED",
  "kind": "image-to-video",
  "inputs": [
    "image",
    "audio"
  ],
  "required": [
    "image_url",
    "audio_url"
  ],
  "parameters": [p[10], p[93], p[213]],
  "example": {
    "model": "veed/fabric-1.0",
    "image_url": "https://example.com/image.png",
    "audio_url": "https://example.com/audio.mp3"
  }
},
{
  "id": "veo-3.1-lite-generate-001",
  "vendor": "Google",
  "kind": "text-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[1], p[83], p[112], p[116], p[115], p[15], p[214]],
  "example": {
    "model": "veo-3.1-lite-generate-001",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 8,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "veo2",
  "vendor": "Google",
  "kind": "text-to-video",
  "inputs": [
    "text"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[0], p[215], p[112], p[13], p[8], p[16]],
  "example": {
    "model": "veo2",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 5,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "veo2/image-to-video",
  "vendor": "Google",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "prompt",
    "image_url"
  ],
  "parameters": [p[0], p[10], p[105], p[215], p[112], p[13], p[8], p[16]],
  "example": {
    "model": "veo2/image-to-video",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "image_url": "https://example.com/image.png",
    "duration": 5,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "video-01",
  "vendor": "MiniMax",
  "kind": "text-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "prompt"
  ],
  "parameters": [p[185], p[179], p[16]],
  "example": {
    "model": "video-01",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting"
  }
},
{
  "id": "video-01-live2d",
  "vendor": "MiniMax",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "prompt",
    "image_url"
  ],
  "parameters": [p[185], p[188], p[16]],
  "example": {
    "model": "video-01-live2d",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "image_url": "https://example.com/image.png"
  }
},
{
  "id": "x-ai/grok-imagine-video",
  "vendor": "xAI",
  "kind": "text-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [],
  "parameters": [p[58], p[173], p[216], p[217], p[218], p[219]],
  "example": {
    "model": "x-ai/grok-imagine-video",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 10,
    "aspect_ratio": "16:9"
  }
},
{
  "id": "x-ai/grok-imagine-video-1.5-preview",
  "vendor": "xAI",
  "kind": "image-to-video",
  "inputs": [
    "text",
    "image"
  ],
  "required": [
    "image_url"
  ],
  "parameters": [p[58], p[76], p[217], p[218], p[219]],
  "example": {
    "model": "x-ai/grok-imagine-video-1.5-preview",
    "image_url": "https://example.com/image.png",
    "prompt": "A red fox trotting through fresh snow at dawn, cinematic lighting",
    "duration": 10,
    "aspect_ratio": "16:9"
  }
}
];
